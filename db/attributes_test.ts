import assert from "node:assert/strict";
import { createSecretBox } from "../security/secret_box.ts";
import { openDb } from "./client.ts";
import { upsertApis } from "./apis.ts";
import { attributeUses } from "./attribute_uses.ts";
import { listAttributeDefs, upsertAttributes } from "./attributes.ts";
import { bots, botVersions, contacts, conversations } from "./schema.ts";

Deno.test("upsertAttributes() creates and updates by name and keeps defaults typed", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    assert.deepEqual(
      await upsertAttributes(db, [{ name: "total", type: "number", default: 0 }, {
        name: "vip",
        type: "boolean",
      }]),
      { created: ["total", "vip"], updated: [] },
    );
    assert.deepEqual(await upsertAttributes(db, [{ name: "vip", type: "boolean", default: true }]), {
      created: [],
      updated: ["vip"],
    });
    assert.deepEqual(await listAttributeDefs(db), [
      { name: "total", type: "number", default: 0 },
      { name: "vip", type: "boolean", default: true },
    ]);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("attributeUses() finds placeholders, mappings and flow nodes", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    const box = await createSecretBox("k".repeat(40));
    await upsertApis(db, box, [{
      name: "Get order",
      method: "GET",
      url: "https://shop.example/orders/{{order_id}}",
      query: [],
      headers: [],
      body: null,
      auth: { type: "none" },
      timeoutMs: 1000,
      mappings: [{ path: "$.status", attribute: "order_status" }],
    }]);
    await db.insert(bots).values({
      name: "Shop",
      draftFlow: JSON.stringify({
        start: "ask",
        nodes: [
          { id: "ask", type: "question", text: "Number?", input: "text", attribute: "order_id" },
          { id: "say", type: "message", text: "It is {{order_status}}" },
          { id: "if", type: "condition", rules: [{ attribute: "vip", op: "exists", next: "say" }] },
        ],
      }),
    });
    const uses = await attributeUses(db, box);
    assert.deepEqual(uses.get("order_id"), {
      apis: ["Get order"],
      mappings: [],
      nodes: ["Shop › ask (draft)"],
    });
    assert.deepEqual(uses.get("order_status"), {
      apis: [],
      mappings: ["Get order"],
      nodes: ["Shop › say (draft)"],
    });
    assert.deepEqual(uses.get("vip")?.nodes, ["Shop › if (draft)"]);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("attributeUses() counts what the interpreter renders: rule values yes, static choice titles no", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    const box = await createSecretBox("k".repeat(40));
    await db.insert(bots).values({
      name: "Shop",
      draftFlow: JSON.stringify({
        start: "if",
        nodes: [
          {
            id: "if",
            type: "condition",
            rules: [{ attribute: "total", op: "gt", value: "{{limit}}", next: "pick" }],
          },
          {
            id: "pick",
            type: "question",
            text: "Pick",
            input: "choice",
            choices: [{ id: "a", title: "{{nick}}" }],
          },
          // Refused by the schema (no rules array): still counted, field by field.
          { id: "stale", type: "condition", rules: "broken", else: "if", value: "{{ceiling}}" },
        ],
      }),
    });
    const uses = await attributeUses(db, box);
    assert.deepEqual(uses.get("limit")?.nodes, ["Shop › if (draft)"]);
    assert.deepEqual(uses.get("total")?.nodes, ["Shop › if (draft)"]);
    assert.equal(uses.get("nick"), undefined);
    assert.deepEqual(uses.get("ceiling")?.nodes, ["Shop › stale (draft)"]);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("attributeUses() ignores versions no conversation runs on, until a waiting conversation is pinned to one", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    const box = await createSecretBox("k".repeat(40));
    const flow = (text: string) => JSON.stringify({ start: "a", nodes: [{ id: "a", type: "end", text }] });
    const [bot] = await db.insert(bots).values({ name: "Shop", draftFlow: flow("Bye"), publishedVersion: 2 })
      .returning();
    await db.insert(botVersions).values([
      { botId: bot.id, version: 1, flow: flow("Bye {{old_name}}") },
      { botId: bot.id, version: 2, flow: flow("Bye {{new_name}}") },
    ]);
    let uses = await attributeUses(db, box);
    assert.equal(uses.get("old_name"), undefined, "only an old version names it: deletable");
    assert.deepEqual(uses.get("new_name")?.nodes, ["Shop › a (version 2)"]);

    const [contact] = await db.insert(contacts).values({ key: "15550001001" }).returning();
    const state = (status: string) => JSON.stringify({ version: 1, status, nodeId: "a", attributes: {} });
    await db.insert(conversations).values({ contactId: contact.id, botId: bot.id, state: state("idle") });
    uses = await attributeUses(db, box);
    assert.equal(uses.get("old_name"), undefined, "an idle conversation starts again on the live version");
    await db.update(conversations).set({ state: state("waiting") });
    uses = await attributeUses(db, box);
    assert.deepEqual(uses.get("old_name")?.nodes, ["Shop › a (version 1)"]);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
});
