import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startServer, type TestServer } from "../tests/harness.ts";

const METHODS = ["get", "post", "put", "delete", "patch"];

async function withApp(fn: (app: TestServer["app"]) => Promise<void>) {
  const server = await startServer({ workers: false, listen: false });
  try {
    await fn(server.app);
  } finally {
    await server.close();
  }
}

Deno.test("openapi.json describes every route of /api/v1 (enumerated from Hono) and nothing else", async () => {
  await withApp(async (app) => {
    const res = await app.request("/api/v1/openapi.json");
    assert.equal(res.status, 200);
    const doc = await res.json();
    const routes = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/api/v1/") && METHODS.includes(r.method.toLowerCase()))
        .map((r) =>
          `${r.method.toLowerCase()} ${r.path.slice("/api/v1".length).replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`
        ),
    );
    assert.ok(routes.size >= 10, `only ${routes.size} routes found`);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m} ${path}`)
      ),
    );
    assert.deepEqual([...routes].filter((r) => !documented.has(r)), [], "routes missing from openapi.json");
    assert.deepEqual(
      [...documented].filter((r) => !routes.has(r)),
      [],
      "documented operations with no route",
    );
  });
});

Deno.test("openapi.json is a valid OpenAPI 3.1 document whose bot schema comes from the valibot document schema", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/v1/openapi.json")).json();
    assert.equal(doc.openapi, "3.1.0");
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    const schema = doc.paths["/bots"].post.requestBody.content["application/json"].schema;
    assert.deepEqual(schema.required?.sort(), ["flow", "format", "name"]);
    assert.equal(schema.properties.apis.type, "array");
    assert.equal(schema.properties.format.const, "chatwire.bot/v1");
    const channel = doc.paths["/channels"].post.requestBody.content["application/json"].schema;
    assert.ok(channel.required.includes("phoneNumberId"));
  });
});

Deno.test("openapi.json is served without a token; the API it describes still wants one", async () => {
  await withApp(async (app) => {
    assert.equal((await app.request("/api/v1/openapi.json")).status, 200);
    assert.equal((await app.request("/api/v1/bots")).status, 401);
  });
});
