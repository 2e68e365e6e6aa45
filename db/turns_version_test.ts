import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { openDb } from "./client.ts";
import { contacts, turns } from "./schema.ts";
import { createBot } from "./bots.ts";
import { saveTurn } from "./turns.ts";

Deno.test("saveTurn() records the flow version the conversation ran on, for Insights", async () => {
  const dir = await Deno.makeTempDir();
  const database = await openDb(`file:${dir}/t.db`);
  try {
    const conversation = {
      status: "idle" as const,
      nodeId: null,
      attributes: {},
      version: 3,
      lastActivityAt: 1,
      nodesThisTurn: 0,
    };
    const bot = await createBot(database.db, { name: "B", flow: { start: "", nodes: [] } });
    const [contact] = await database.db.insert(contacts).values({ key: "sim:1" }).returning();
    const saved = await saveTurn(database.db, {
      contactId: contact.id,
      botId: bot.id,
      conversation,
      attributes: {},
      trace: [],
      changes: {},
      at: 5,
    });
    assert.equal(saved, true);
    const [row] = await database.db.select().from(turns).where(eq(turns.botId, bot.id));
    assert.equal(row.version, 3);
  } finally {
    database.close();
    await Deno.remove(dir, { recursive: true });
  }
});
