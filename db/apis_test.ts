import assert from "node:assert/strict";
import { createSecretBox } from "../security/secret_box.ts";
import type { ApiDef } from "../engine/types.ts";
import { SECRET_MASK } from "../engine/types.ts";
import {
  exportApiDefs,
  getApi,
  listApiSummaries,
  loadApiDefs,
  recordTest,
  seenStatuses,
  upsertApis,
} from "./apis.ts";
import { bots } from "./schema.ts";
import { withDb } from "./testing.ts";

const api: ApiDef = {
  name: "Get order",
  method: "GET",
  url: "https://shop.example.com/orders/{{order_id}}",
  query: [],
  headers: [],
  body: null,
  auth: { type: "bearer", token: "tok-very-secret" },
  timeoutMs: 5000,
  mappings: [{ path: "$.status", attribute: "order_status" }],
};

Deno.test("upsertApis() seals secrets, and a masked secret keeps the stored one while the origin stays", async () => {
  const box = await createSecretBox("k".repeat(40));
  await withDb(async (db) => {
    assert.deepEqual(await upsertApis(db, box, [api]), { created: ["Get order"], updated: [] });
    const raw = await db.query.apis.findFirst();
    assert.ok(!raw!.authEnc.includes("tok-very-secret"));
    assert.deepEqual(
      await upsertApis(db, box, [{
        ...api,
        url: "https://shop.example.com/v2/",
        auth: { type: "bearer", token: SECRET_MASK },
      }]),
      { created: [], updated: ["Get order"] },
    );
    const defs = await loadApiDefs(db, box);
    assert.deepEqual(defs["Get order"].auth, { type: "bearer", token: "tok-very-secret" });
    assert.equal(defs["Get order"].url, "https://shop.example.com/v2/");
  });
});

Deno.test("exportApiDefs() masks secrets unless asked for them", async () => {
  const box = await createSecretBox("k".repeat(40));
  await withDb(async (db) => {
    await upsertApis(db, box, [api]);
    const [masked] = await exportApiDefs(db, box, ["Get order", "Missing"], { secrets: false });
    assert.deepEqual(masked.auth, { type: "bearer", token: SECRET_MASK });
    const [open] = await exportApiDefs(db, box, ["Get order"], { secrets: true });
    assert.deepEqual(open.auth, { type: "bearer", token: "tok-very-secret" });
  });
});

Deno.test("seenStatuses() lists tested statuses once, sorted, and summaries name the bots using an API", async () => {
  const box = await createSecretBox("k".repeat(40));
  await withDb(async (db) => {
    await upsertApis(db, box, [api]);
    const id = (await listApiSummaries(db))[0].id;
    await recordTest(db, id, { status: 404, values: { order_id: "404" } });
    await recordTest(db, id, { status: 200, values: { order_id: "1" } });
    await recordTest(db, id, { status: 404, values: { order_id: "404" } });
    await recordTest(db, id, { status: 0, values: {} });
    assert.deepEqual(await seenStatuses(db, "Get order"), [200, 404]);
    assert.deepEqual((await getApi(db, box, id))!.testValues, {});
    await db.insert(bots).values({
      name: "Shop bot",
      draftFlow: JSON.stringify({
        start: "a",
        nodes: [{ id: "a", type: "api", api: "Get order", routes: [] }],
      }),
    });
    assert.deepEqual((await listApiSummaries(db))[0].usedBy, ["Shop bot"]);
  });
});
