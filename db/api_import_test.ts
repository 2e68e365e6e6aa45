import assert from "node:assert/strict";
import { planImport } from "../engine/api_import/mod.ts";
import type { ImportPlan } from "../engine/api_import/mod.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { applyImport, previewImport } from "./api_import.ts";
import {
  findApiId,
  getApi,
  listSamples,
  saveApi,
  saveMappings,
  saveSample,
  seenStatuses,
  upsertApis,
} from "./apis.ts";
import { SECRET_MASK } from "../engine/types.ts";
import { findAttributeByName } from "./attributes.ts";
import { apis } from "./schema.ts";
import { withDb } from "./testing.ts";

const collection = (token: string, host = "https://shop.example.com") => ({
  info: { name: "Shop", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
  variable: [{ key: "host", value: host }, { key: "token", value: token }, { key: "orderId", value: "A-17" }],
  auth: { type: "bearer", bearer: [{ key: "token", value: "{{token}}" }] },
  item: [{ name: "Get order", request: { method: "GET", url: "{{host}}/orders/{{orderId}}" } }],
});

async function plan(doc: unknown): Promise<ImportPlan> {
  const result = await planImport(doc);
  if (!result.ok) throw new Error(result.error);
  return result.plan;
}

Deno.test("applyImport() creates APIs and text attributes, seals the secret and remembers the first test values", async () => {
  await withDb(async (db) => {
    const secrets = await createSecretBox("k".repeat(40));
    const p = await plan(collection("tok-imported-secret"));
    assert.deepEqual(await previewImport(db, p), {
      created: ["Get order"],
      updated: [],
      skipped: [],
      attributesCreated: ["order_id"],
      warnings: [],
    });
    assert.equal(await findApiId(db, "Get order"), undefined, "the preview writes nothing");
    const outcome = await applyImport(db, secrets, p);
    assert.deepEqual(outcome.created, ["Get order"]);
    const id = (await findApiId(db, "Get order"))!;
    const record = (await getApi(db, secrets, id))!;
    assert.equal(record.def.url, "https://shop.example.com/orders/{{order_id}}");
    assert.deepEqual(record.def.auth, { type: "bearer", token: "tok-imported-secret" });
    assert.deepEqual(record.testValues, { order_id: "A-17" });
    assert.equal((await findAttributeByName(db, "order_id"))?.type, "text");
    const [row] = await db.select().from(apis);
    assert.ok(!row.authEnc.includes("tok-imported-secret"), "the token is stored encrypted");
  });
});

Deno.test("Importing the same document again updates by name and keeps mappings, secrets typed in and test values", async () => {
  await withDb(async (db) => {
    const secrets = await createSecretBox("k".repeat(40));
    await applyImport(db, secrets, await plan(collection("")));
    const id = (await findApiId(db, "Get order"))!;
    const first = (await getApi(db, secrets, id))!;
    await saveApi(db, secrets, { ...first.def, auth: { type: "bearer", token: "typed-in-later" } }, id);
    await saveMappings(db, id, [{ path: "$.status", attribute: "order_status" }]);

    const again = await applyImport(db, secrets, await plan(collection("")));
    assert.deepEqual(again.created, []);
    assert.deepEqual(again.updated, ["Get order"]);
    const record = (await getApi(db, secrets, id))!;
    assert.deepEqual(record.def.auth, { type: "bearer", token: "typed-in-later" });
    assert.deepEqual(record.def.mappings, [{ path: "$.status", attribute: "order_status" }]);

    // A document moving the API to another origin does not take the stored secret along.
    const moved = await applyImport(db, secrets, await plan(collection("", "https://evil.example.net")));
    assert.match(
      moved.warnings[0],
      /the URL now goes to https:\/\/evil\.example\.net; its stored secrets were not kept/,
    );
    assert.deepEqual((await getApi(db, secrets, id))!.def.auth, { type: "bearer", token: "" });
  });
});

Deno.test("applyImport() saves one sample per documented status and keeps a sample a test saved since", async () => {
  await withDb(async (db) => {
    const secrets = await createSecretBox("k".repeat(40));
    const p = await plan(collection("tok-x"));
    p.apis[0].samples = [{ status: 200, body: '{"id":"A-17"}' }, { status: 404, body: '{"error":"nope"}' }];
    await applyImport(db, secrets, p);
    const id = (await findApiId(db, "Get order"))!;
    await saveSample(db, id, { status: 200, body: '{"id":"tested"}' });
    await applyImport(db, secrets, p);
    assert.deepEqual(
      (await listSamples(db, id)).map((s) => [s.status, s.body]),
      [[200, '{"id":"tested"}'], [404, '{"error":"nope"}']],
    );
  });
});

Deno.test("applyImport() saves USPTO's documented responses as samples per status, never over one a test saved", async () => {
  await withDb(async (db) => {
    const secrets = await createSecretBox("k".repeat(40));
    const text = await Deno.readTextFile(
      new URL("../tests/fixtures/openapi/oai-uspto.yaml", import.meta.url),
    );
    await applyImport(db, secrets, await plan(text));
    const id = (await findApiId(db, "list-searchable-fields"))!;
    assert.deepEqual((await listSamples(db, id)).map((s) => s.status), [200, 404]);
    assert.deepEqual(await seenStatuses(db, "list-searchable-fields"), [200, 404]);
    await saveSample(db, id, { status: 200, body: '{"tested": true}' });
    await applyImport(db, secrets, await plan(text));
    const samples = await listSamples(db, id);
    assert.equal(samples.find((s) => s.status === 200)?.body, '{"tested": true}');
    assert.equal(samples.length, 2);
  });
});

Deno.test("A masked client secret is kept for the same token URL origin refused for another, and not carried by a re-import", async () => {
  await withDb(async (db) => {
    const secrets = await createSecretBox("k".repeat(40));
    const def = {
      name: "Orders",
      method: "GET" as const,
      url: "https://api.example.com/orders",
      query: [],
      headers: [],
      body: null,
      auth: {
        type: "oauth2" as const,
        tokenUrl: "https://auth.example.com/token",
        clientId: "id",
        clientSecret: "cs-typed-by-owner",
      },
      timeoutMs: 5000,
      mappings: [],
    };
    await upsertApis(db, secrets, [def]);
    const id = (await findApiId(db, "Orders"))!;
    await upsertApis(db, secrets, [{ ...def, auth: { ...def.auth, clientSecret: SECRET_MASK } }]);
    const kept = (await getApi(db, secrets, id))!.def.auth;
    assert.equal(kept.type === "oauth2" && kept.clientSecret, "cs-typed-by-owner");
    await assert.rejects(
      upsertApis(db, secrets, [{
        ...def,
        auth: { ...def.auth, clientSecret: SECRET_MASK, tokenUrl: "https://evil.example.net/token" },
      }]),
      /the token URL now goes to https:\/\/evil\.example\.net/,
    );
    const after = (await getApi(db, secrets, id))!.def.auth;
    assert.equal(after.type === "oauth2" && after.tokenUrl, "https://auth.example.com/token");
    // Re-importing a document that moves the token URL does not carry the secret along.
    const { planImport } = await import("../engine/api_import/mod.ts");
    const planned = await planImport({
      openapi: "3.0.3",
      info: { title: "T", version: "1" },
      servers: [{ url: "https://api.example.com" }],
      components: {
        securitySchemes: {
          cc: {
            type: "oauth2",
            flows: { clientCredentials: { tokenUrl: "https://evil.example.net/token", scopes: {} } },
          },
        },
      },
      security: [{ cc: [] }],
      paths: { "/orders": { get: { operationId: "Orders", responses: {} } } },
    });
    assert.ok(planned.ok);
    const outcome = await applyImport(db, secrets, planned.plan);
    assert.match(outcome.warnings[0], /token URL now goes to https:\/\/evil\.example\.net/);
    const imported = (await getApi(db, secrets, id))!.def.auth;
    assert.equal(imported.type === "oauth2" && imported.clientSecret, "");
  });
});
