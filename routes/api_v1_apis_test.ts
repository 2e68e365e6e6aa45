import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import { createApiToken } from "../db/api_tokens.ts";
import { apis, attributes } from "../db/schema.ts";
import { createUser } from "../db/users.ts";
import { startServer, type TestServer } from "../tests/harness.ts";

const fixture = (path: string) => Deno.readTextFile(new URL(`../tests/fixtures/${path}`, import.meta.url));

async function withServer(fn: (server: TestServer, token: string) => Promise<void>): Promise<void> {
  const server = await startServer({ workers: false, listen: false });
  try {
    // An editor's token is enough to import (DESIGN §7 roles).
    const editor = await createUser(server.db, {
      email: "ed@example.com",
      passwordHash: "x",
      role: "editor",
    });
    const { token } = await createApiToken(server.db, { name: "ci", createdBy: editor!.id });
    await fn(server, token);
  } finally {
    await server.close();
  }
}

function importDoc(server: TestServer, token: string, body: string, query = ""): Promise<Response> {
  return server.request(`/api/v1/apis/import${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
}

async function rows(server: TestServer): Promise<[number, number]> {
  const [a] = await server.db.select({ n: count() }).from(apis);
  const [b] = await server.db.select({ n: count() }).from(attributes);
  return [a.n, b.n];
}

Deno.test("POST /api/v1/apis/import: Petstore v3 (YAML) creates 18 APIs, skips 1, then updates the same 18", async () => {
  await withServer(async (server, token) => {
    const doc = await fixture("openapi/petstore3.yaml");
    const first = await importDoc(server, token, doc);
    assert.equal(first.status, 200);
    const body = await first.json();
    assert.equal(body.created.length, 18);
    assert.deepEqual(body.updated, []);
    assert.deepEqual(body.skipped.map((s: { name: string }) => s.name), ["uploadFile"]);
    assert.ok(body.attributesCreated.includes("pet_id"));
    const again = await (await importDoc(server, token, doc)).json();
    assert.deepEqual(again.created, []);
    assert.equal(again.updated.length, 18);
    assert.deepEqual(again.attributesCreated, []);
    assert.equal((await rows(server))[0], 18);
  });
});

Deno.test("POST /api/v1/apis/import: ?baseUrl= stands in for the Wise collection's {{host}}", async () => {
  await withServer(async (server, token) => {
    const doc = await fixture("postman/wise-groups-api.postman_collection.json");
    const none = await (await importDoc(server, token, doc)).json();
    assert.equal(none.created.length, 0);
    assert.equal(none.skipped.length, 11);
    const body = await (await importDoc(server, token, doc, "?baseUrl=https://api.sandbox.transferwise.tech"))
      .json();
    assert.equal(body.created.length, 11);
  });
});

Deno.test("POST /api/v1/apis/import: malformed JSON → 400, an unknown document → 422, no token → 401, nothing written", async () => {
  await withServer(async (server, token) => {
    const broken = await importDoc(server, token, '{"openapi": ');
    assert.equal(broken.status, 400);
    assert.match((await broken.json()).error, /the JSON is not valid/);
    const unknown = await importDoc(server, token, '{"hello": "world"}');
    assert.equal(unknown.status, 422);
    assert.match(
      (await unknown.json()).error,
      /neither a Postman collection v2\.1 nor an OpenAPI 3 document/,
    );
    const anonymous = await importDoc(server, "wrong", await fixture("openapi/oai-uspto.yaml"));
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    assert.deepEqual(await rows(server), [0, 0]);
  });
});
