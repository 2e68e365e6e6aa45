import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { exportBotDocument, importBotDocument } from "../db/bot_documents.ts";
import { getBot, listBots, publishBot } from "../db/bots.ts";
import type { AppEnv } from "../deps.ts";
import { requireOwner } from "./session.ts";

/** JSON API for bots (DESIGN §7): import, list, export, replace the draft, publish. */
export const apiV1Bots = new Hono<AppEnv>();

apiV1Bots.post("/", async (c) => {
  const result = await importBotDocument(c.var.deps, await jsonBody(c));
  if (!result.ok) return c.json({ errors: result.errors }, 422);
  const { id, created, updated } = result;
  return c.json({ id, created, updated }, 201);
});

apiV1Bots.get("/", async (c) => {
  const all = await listBots(c.var.deps.db);
  return c.json(all.map((b) => ({ id: b.id, name: b.name, publishedVersion: b.publishedVersion })));
});

apiV1Bots.get("/:id", async (c) => {
  const secrets = c.req.query("secrets") === "include";
  if (secrets) requireOwner(c, "Only owners can read secrets (?secrets=include)");
  const doc = await exportBotDocument(c.var.deps, botId(c), { secrets });
  if (!doc) throw notFound(c);
  return c.json(doc);
});

apiV1Bots.put("/:id", async (c) => {
  const id = botId(c);
  if (!(await getBot(c.var.deps.db, id))) throw notFound(c);
  const result = await importBotDocument(c.var.deps, await jsonBody(c), { botId: id });
  if (!result.ok) return c.json({ errors: result.errors }, 422);
  const { created, updated } = result;
  return c.json({ id, created, updated });
});

apiV1Bots.post("/:id/publish", async (c) => {
  const id = botId(c);
  if (!(await getBot(c.var.deps.db, id))) throw notFound(c);
  const result = await publishBot(c.var.deps.db, id);
  if ("errors" in result) return c.json({ errors: result.errors }, 422);
  return c.json(result);
});

function botId(c: Context<AppEnv>): number {
  const raw = c.req.param("id") ?? "";
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

function notFound(c: Context<AppEnv>): HTTPException {
  return new HTTPException(404, { message: `No bot with id ${c.req.param("id")}` });
}

/** The request body as JSON; 400 when it is not. */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    throw new HTTPException(400, { message: `Cannot read the body as JSON: ${(error as Error).message}` });
  }
}
