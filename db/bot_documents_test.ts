import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import type { BotDocument } from "../engine/types.ts";
import { SECRET_MASK } from "../engine/types.ts";
import { createSecretBox, type SecretBox } from "../security/secret_box.ts";
import { loadApiDefs } from "./apis.ts";
import { listAttributeDefs } from "./attributes.ts";
import { queryRows } from "./batch.ts";
import { importBotDocument } from "./bot_documents.ts";
import { getBot } from "./bots.ts";
import type { Db } from "./client.ts";
import { apis, attributes, bots, contacts } from "./schema.ts";
import { withDb } from "./testing.ts";

const EXAMPLE = JSON.parse(
  await Deno.readTextFile(new URL("../engine/testdata/order_status.json", import.meta.url)),
) as BotDocument;

function withDeps(fn: (deps: { db: Db; secrets: SecretBox }) => Promise<void>) {
  return withDb(async (db) => fn({ db, secrets: await createSecretBox("k".repeat(40)) }));
}

async function counts(db: Db): Promise<number[]> {
  const out: number[] = [];
  for (const table of [attributes, apis, bots]) out.push((await db.select({ n: count() }).from(table))[0].n);
  return out;
}

Deno.test("importBotDocument() writes nothing when the bot's write fails after the attributes and APIs", async () => {
  await withDeps(async (deps) => {
    await queryRows(
      deps.db,
      "CREATE TRIGGER refuse_bots BEFORE INSERT ON bots BEGIN SELECT RAISE(ABORT, 'no bots'); END",
    );
    await assert.rejects(importBotDocument(deps, EXAMPLE), /no bots/);
    assert.deepEqual(await counts(deps.db), [0, 0, 0]);

    await queryRows(deps.db, "DROP TRIGGER refuse_bots");
    const result = await importBotDocument(deps, EXAMPLE);
    assert.ok(result.ok);
    assert.deepEqual(await counts(deps.db), [3, 1, 1]);
    assert.equal((await getBot(deps.db, result.id))?.name, "Order status");
  });
});

Deno.test("importBotDocument() writes nothing for an invalid document", async () => {
  await withDeps(async (deps) => {
    const broken = { ...EXAMPLE, flow: { ...EXAMPLE.flow, start: "nowhere" } };
    const result = await importBotDocument(deps, broken);
    assert.equal(result.ok, false);
    assert.deepEqual(await counts(deps.db), [0, 0, 0]);
  });
});

Deno.test("importBotDocument() into a bot updates by name, and a masked secret keeps the stored one", async () => {
  await withDeps(async (deps) => {
    const first = await importBotDocument(deps, EXAMPLE);
    assert.ok(first.ok);
    const changed: BotDocument = {
      ...EXAMPLE,
      name: "Orders v2",
      attributes: [...EXAMPLE.attributes, { name: "vip", type: "boolean", default: false }],
      apis: [{
        ...EXAMPLE.apis[0],
        url: "https://shop.example.com/v2/orders/{{order_id}}",
        auth: {
          type: "bearer",
          token: SECRET_MASK,
        },
      }],
    };
    const second = await importBotDocument(deps, changed, { botId: first.id });
    assert.ok(second.ok);
    assert.equal(second.id, first.id);
    assert.deepEqual(second.created, { attributes: ["vip"], apis: [] });
    assert.deepEqual(second.updated, {
      attributes: ["order_id", "order_status", "total"],
      apis: ["Get order"],
    });
    assert.deepEqual(await counts(deps.db), [4, 1, 1]);
    assert.equal((await getBot(deps.db, first.id))?.name, "Orders v2");
    const api = (await loadApiDefs(deps.db, deps.secrets))["Get order"];
    assert.equal(api.url, "https://shop.example.com/v2/orders/{{order_id}}");
    assert.deepEqual(api.auth, EXAMPLE.apis[0].auth);
    assert.deepEqual((await listAttributeDefs(deps.db)).find((a) => a.name === "vip"), {
      name: "vip",
      type: "boolean",
      default: false,
    });
  });
});

Deno.test("importBotDocument() completes while other writes run at the same time", async () => {
  await withDeps(async (deps) => {
    const writes = Array.from(
      { length: 20 },
      (_, i) => deps.db.insert(contacts).values({ key: `1555000${i}` }),
    );
    const imports = [1, 2, 3].map((n) => importBotDocument(deps, { ...EXAMPLE, name: `Bot ${n}` }));
    const [results] = await Promise.all([Promise.all(imports), Promise.all(writes)]);
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(await counts(deps.db), [3, 1, 3]);
    assert.equal((await deps.db.select({ n: count() }).from(contacts))[0].n, 20);
  });
});
