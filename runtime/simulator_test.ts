import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { importBotDocument } from "../db/bot_documents.ts";
import { getBot } from "../db/bots.ts";
import { contacts } from "../db/schema.ts";
import { startServer } from "../tests/harness.ts";
import { simulate } from "./simulator.ts";

const GREETER = {
  format: "chatwire.bot/v1",
  name: "Greeter",
  attributes: [{ name: "nickname", type: "text" }, { name: "answer", type: "text" }],
  apis: [],
  flow: {
    start: "greet",
    nodes: [
      { id: "greet", type: "message", text: "Hi {{nickname}}.", next: "ask" },
      {
        id: "ask",
        type: "question",
        text: "Anything else?",
        input: "text",
        attribute: "answer",
        next: "greet",
      },
    ],
  },
};

function lastTexts(session: Awaited<ReturnType<typeof simulate>>, n: number): string[] {
  return session.messages.slice(-n).map((m) => m.from === "bot" ? m.message.text : `> ${m.text}`);
}

Deno.test("the simulator lays the contact's stored attributes over the conversation, like the WhatsApp worker", async () => {
  const server = await startServer({ workers: false });
  try {
    const imported = await importBotDocument(server.deps, GREETER);
    assert.ok(imported.ok);
    const bot = (await getBot(server.db, imported.id))!;
    const admin = { id: 1, email: "ada@example.com" };
    assert.deepEqual(lastTexts(await simulate(server.deps, bot, admin, { text: "hi" }), 3), [
      "> hi",
      "Hi .",
      "Anything else?",
    ]);
    // An admin sets the attribute on the (simulated) contact between two messages.
    const key = `sim:${bot.id}:${admin.id}`;
    const [row] = await server.db.select().from(contacts).where(eq(contacts.key, key));
    await server.db.update(contacts).set({
      attributes: JSON.stringify({ ...JSON.parse(row.attributes), nickname: "Ada" }),
    })
      .where(eq(contacts.key, key));
    assert.deepEqual(lastTexts(await simulate(server.deps, bot, admin, { text: "more" }), 3), [
      "> more",
      "Hi Ada.",
      "Anything else?",
    ]);
    const [after] = await server.db.select().from(contacts).where(eq(contacts.key, key));
    assert.deepEqual(JSON.parse(after.attributes), { nickname: "Ada", answer: "more" });
  } finally {
    await server.close();
  }
});
