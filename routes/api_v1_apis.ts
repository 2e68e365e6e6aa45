import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { applyImport } from "../db/api_import.ts";
import { planImport } from "../engine/api_import/mod.ts";
import type { AppEnv } from "../deps.ts";

/**
 * JSON API for APIs (DESIGN §7): `POST /import` takes a Postman collection
 * v2.1 or an OpenAPI 3 document (JSON, or YAML for OpenAPI) and applies it
 * in one step. `?baseUrl=` stands in for a missing or relative server.
 */
export const apiV1Apis = new Hono<AppEnv>();

apiV1Apis.post("/import", async (c) => {
  const text = await c.req.text();
  if (text.trim() === "") throw new HTTPException(400, { message: "Cannot import: the body is empty" });
  const planned = await planImport(text, { baseUrl: c.req.query("baseUrl") });
  if (!planned.ok) {
    const malformed = /is not valid|is empty/.test(planned.error);
    return c.json({ error: planned.error }, malformed ? 400 : 422);
  }
  const { deps } = c.var;
  const outcome = await applyImport(deps.db, deps.secrets, planned.plan);
  deps.log.info("APIs imported", {
    format: planned.plan.format,
    created: outcome.created.length,
    updated: outcome.updated.length,
    skipped: outcome.skipped.length,
  });
  return c.json({
    created: outcome.created,
    updated: outcome.updated,
    skipped: outcome.skipped,
    attributesCreated: outcome.attributesCreated,
    warnings: outcome.warnings,
  });
});
