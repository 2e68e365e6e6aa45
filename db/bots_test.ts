import assert from "node:assert/strict";
import type { Flow } from "../engine/types.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { upsertApis } from "./apis.ts";
import { upsertAttributes } from "./attributes.ts";
import {
  createBot,
  deleteBot,
  getBot,
  listBots,
  listVersions,
  loadRunnableFlow,
  publishBot,
  renameBot,
  restoreVersion,
  saveDraft,
} from "./bots.ts";
import { type Database, openDb } from "./client.ts";
import { channels } from "./schema.ts";

const FLOW: Flow = {
  start: "ask",
  nodes: [
    {
      id: "ask",
      type: "question",
      text: "Order number?",
      input: "text",
      attribute: "order_id",
      next: "lookup",
    },
    {
      id: "lookup",
      type: "api",
      api: "Get order",
      routes: [{ status: "200", next: "done" }],
      others: "done",
    },
    { id: "done", type: "end", text: "Bye {{order_id}}" },
  ],
};

async function withDb(fn: (database: Database, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "chatwire-bots-" });
  const database = await openDb(`file:${dir}/test.db`);
  try {
    await fn(database, dir);
  } finally {
    database.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function workspace(database: Database) {
  const secrets = await createSecretBox("bots-test-secret-bots-test-secret-0123");
  await upsertAttributes(database.db, [{ name: "order_id", type: "text" }]);
  await upsertApis(database.db, secrets, [{
    name: "Get order",
    method: "GET",
    url: "https://shop.example.com/orders/{{order_id}}",
    query: [],
    headers: [],
    body: null,
    auth: { type: "bearer", token: "s3cret" },
    timeoutMs: 1000,
    mappings: [],
  }]);
  return secrets;
}

Deno.test("createBot, renameBot and listBots keep the draft flow and the name", async () => {
  await withDb(async ({ db }) => {
    const bot = await createBot(db, { name: "Orders", flow: FLOW });
    assert.equal(bot.publishedVersion, null);
    assert.ok(await renameBot(db, bot.id, "Shop orders"));
    const [listed] = await listBots(db);
    assert.equal(listed.name, "Shop orders");
    assert.deepEqual(listed.draftFlow, FLOW);
    assert.equal(await getBot(db, 999), undefined);
  });
});

Deno.test("publishBot refuses a draft with errors and lists them, storing nothing", async () => {
  await withDb(async ({ db }) => {
    // No workspace API or attribute: the flow names both.
    const bot = await createBot(db, { name: "Orders", flow: FLOW });
    const result = await publishBot(db, bot.id);
    assert.ok("errors" in result);
    const paths = result.errors.map((e) => e.path).sort();
    // A placeholder naming no attribute blocks publishing too (issue 11).
    assert.deepEqual(paths, ["flow.nodes[0].attribute", "flow.nodes[1].api", "flow.nodes[2].text"]);
    assert.deepEqual(await listVersions(db, bot.id), []);
    assert.equal((await getBot(db, bot.id))?.publishedVersion, null);
  });
});

Deno.test("publishBot stores immutable numbered versions; loadRunnableFlow serves each one", async () => {
  await withDb(async (database) => {
    const { db } = database;
    const secrets = await workspace(database);
    const bot = await createBot(db, { name: "Orders", flow: FLOW });
    assert.deepEqual(await publishBot(db, bot.id), { version: 1 });
    const edited: Flow = {
      ...FLOW,
      nodes: [...FLOW.nodes.slice(0, 2), { id: "done", type: "end", text: "Thanks" }],
    };
    await saveDraft(db, bot.id, edited);
    assert.deepEqual(await publishBot(db, bot.id), { version: 2 });
    await saveDraft(db, bot.id, { start: "x", nodes: [{ id: "x", type: "end" }] });

    const v1 = await loadRunnableFlow({ db, secrets }, bot.id, 1);
    assert.deepEqual(v1?.flow, FLOW);
    assert.equal(v1?.version, 1);
    assert.equal(v1?.apis["Get order"].auth.type === "bearer" && v1.apis["Get order"].auth.token, "s3cret");
    assert.deepEqual(v1?.attributes, [{ name: "order_id", type: "text" }]);
    const live = await loadRunnableFlow({ db, secrets }, bot.id, "published");
    assert.equal(live?.version, 2);
    assert.deepEqual(live?.flow, edited);
    const draft = await loadRunnableFlow({ db, secrets }, bot.id, "draft");
    assert.equal(draft?.version, 0);
    assert.equal(draft?.flow.start, "x");
    assert.equal(draft?.sessionTimeoutMs, 86_400_000);
    assert.equal(await loadRunnableFlow({ db, secrets }, bot.id, 9), undefined);
    assert.equal(await loadRunnableFlow({ db, secrets }, 999, "draft"), undefined);

    assert.deepEqual((await listVersions(db, bot.id)).map((v) => v.version), [2, 1]);
    assert.ok(await restoreVersion(db, bot.id, 1));
    assert.deepEqual((await getBot(db, bot.id))?.draftFlow, FLOW);
    assert.equal((await getBot(db, bot.id))?.publishedVersion, 2, "restoring does not publish");
    assert.equal(await restoreVersion(db, bot.id, 7), false);
  });
});

Deno.test("loadRunnableFlow answers undefined for 'published' before the first publish", async () => {
  await withDb(async (database) => {
    const secrets = await workspace(database);
    const bot = await createBot(database.db, { name: "Orders", flow: FLOW });
    assert.equal(await loadRunnableFlow({ db: database.db, secrets }, bot.id, "published"), undefined);
  });
});

Deno.test("deleteBot refuses a bot a channel uses and deletes the others with their versions", async () => {
  await withDb(async (database) => {
    const { db } = database;
    await workspace(database);
    const used = await createBot(db, { name: "Used", flow: FLOW });
    const free = await createBot(db, { name: "Free", flow: FLOW });
    await publishBot(db, free.id);
    await db.insert(channels).values({
      botId: used.id,
      phoneNumberId: "1",
      accessTokenEnc: "x",
      appSecretEnc: "x",
      verifyToken: "v",
    });
    assert.equal(await deleteBot(db, used.id), "in_use");
    assert.equal(await deleteBot(db, free.id), "deleted");
    assert.equal(await deleteBot(db, free.id), "not_found");
    assert.deepEqual(await listVersions(db, free.id), []);
    assert.deepEqual((await listBots(db)).map((b) => b.name), ["Used"]);
  });
});
