import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { redact, secretsOf } from "../engine/redact.ts";
import { getApi, listSamples, recordTest, saveSample } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import { previewMapping } from "../engine/mapping.ts";
import { appliesTo } from "../engine/mapping_status.ts";
import { placeholdersOf } from "../engine/placeholders.ts";
import { ApiTestPage, TestResult } from "../views/apis_run.tsx";
import { fragment, isHtmx, page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";
import { callAndLog } from "../runtime/api_call.ts";

/** The Test tab of an API: send it with actual values, see the answer, save its structure. */
export const apisRunRoutes = new Hono<AppEnv>();

/** Tests in flight by test id, so "Cancel" can stop one. */
const running = new Map<string, AbortController>();

const SAMPLE_MAX_CHARS = 512 * 1024;

apisRunRoutes.get("/:id{[0-9]+}/test", async (c) => {
  const api = await load(c);
  return page(
    c,
    { title: `Test ${api.def.name}`, area: "apis" },
    <ApiTestPage
      csrf={c.var.csrf}
      id={api.id}
      name={api.def.name}
      placeholders={placeholdersOf(api.def)}
      values={api.testValues}
      testId={crypto.randomUUID()}
      samples={(await listSamples(c.var.deps.db, api.id)).map((s) => s.status)}
    />,
  );
});

apisRunRoutes.post("/:id{[0-9]+}/test", async (c) => {
  const { db } = c.var.deps;
  const api = await load(c);
  const form = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const name of placeholdersOf(api.def)) {
    const value = form[`value:${name}`];
    values[name] = typeof value === "string" ? value : "";
  }
  const testId = typeof form.testId === "string" ? form.testId : crypto.randomUUID();
  const controller = new AbortController();
  running.get(testId)?.abort();
  running.set(testId, controller);
  const types = Object.fromEntries((await listAttributeDefs(db)).map((a) => [a.name, a.type]));
  // The admin's Cancel, or the browser going away, stops the call. The listener goes before the
  // response does: Deno aborts a request's signal after every response.
  const gone = () => controller.abort();
  c.req.raw.signal.addEventListener("abort", gone);
  let result;
  try {
    result = await callAndLog(c.var.deps, api.def, values, {
      source: "test",
      apiId: api.id,
      attributeTypes: types,
      signal: controller.signal,
    });
  } finally {
    c.req.raw.signal.removeEventListener("abort", gone);
    if (running.get(testId) === controller) running.delete(testId);
  }
  const secrets = secretsOf(api.def.auth);
  await recordTest(db, api.id, { status: result.status, values });
  const body = redact(result.body, secrets);
  const json = result.json === undefined ? undefined : parseOrUndefined(body);
  // Only the mappings this status gets: a 404's body lacking the 200's paths is no drift.
  const drift = json === undefined ? [] : api.def.mappings
    .filter((m) => appliesTo(m, result.status))
    .filter((m) => {
      const preview = previewMapping(m.path, json);
      return !preview.ok || preview.matches === 0;
    })
    .map((m) => m.path);
  const safe = { ...result, body, error: result.error && redact(result.error, secrets) };
  const view = (
    <TestResult
      csrf={c.var.csrf}
      id={api.id}
      result={safe}
      body={body}
      json={json}
      cancelled={controller.signal.aborted}
      drift={drift}
    />
  );
  return isHtmx(c) ? fragment(c, view) : page(c, { title: `Test ${api.def.name}`, area: "apis" }, view);
});

apisRunRoutes.post("/tests/:testId/cancel", (c) => {
  const controller = running.get(c.req.param("testId"));
  controller?.abort();
  return c.body(null, controller ? 200 : 204);
});

apisRunRoutes.post("/:id{[0-9]+}/sample", async (c) => {
  const api = await load(c);
  const form = await c.req.parseBody();
  const body = typeof form.body === "string" ? form.body : "";
  const status = Number(form.status);
  let valid = body.length <= SAMPLE_MAX_CHARS && Number.isInteger(status) && status >= 100 && status <= 599;
  try {
    JSON.parse(body);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new HTTPException(422, { message: "Cannot save response structure: not a JSON response" });
  }
  const replaced = (await listSamples(c.var.deps.db, api.id)).some((s) => s.status === status);
  await saveSample(c.var.deps.db, api.id, { body, status });
  if (!isHtmx(c)) return c.redirect(`/apis/${api.id}/mapping`, 303);
  return fragment(
    c,
    <span class="ok-text" id="sample-saved">
      {replaced
        ? `Saved as the sample of status ${status} (the earlier one is replaced).`
        : `Saved as the sample of status ${status}.`}{" "}
      <a href={`/apis/${api.id}/mapping?status=${status}`}>Map its fields to attributes →</a>
    </span>,
  );
});

async function load(c: Context<AppEnv>) {
  const api = await getApi(c.var.deps.db, c.var.deps.secrets, Number(c.req.param("id")));
  if (!api) throw new HTTPException(404, { message: "No such API" });
  return api;
}

/** The redacted body parsed again, so the tree shows no secret. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
