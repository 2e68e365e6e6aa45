/**
 * End to end (DESIGN §5 "Choices from an API's answer"): a WhatsApp contact
 * gives a customer number, the bot lists that customer's orders from the
 * fake shop as a WhatsApp list (paged past 10) and answers with the picked
 * order's details — real server, fake Graph and fake shop on loopback.
 */
import assert from "node:assert/strict";
import { publishBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { createChannel } from "../db/channels.ts";
import { type SentMessage, startFakeGraph } from "./fake_graph.ts";
import { startFakeShop } from "./fake_shop.ts";
import { startServer } from "./harness.ts";
import { ordersListDocument } from "./orders_list_bot.ts";
import {
  ACCESS_TOKEN,
  APP_SECRET,
  eventually,
  PHONE_NUMBER_ID,
  postWebhook,
  textWebhook,
  VERIFY_TOKEN,
} from "./whatsapp_setup.ts";

/** A webhook of one list reply (what WhatsApp posts when a row is picked). */
function listReplyWebhook(from: string, id: string, reply: { id: string; title: string }): string {
  const body = JSON.parse(textWebhook([{ from, id, text: "" }]));
  const message = body.entry[0].changes[0].value.messages[0];
  delete message.text;
  message.type = "interactive";
  message.interactive = { type: "list_reply", list_reply: reply };
  return JSON.stringify(body);
}

type Interactive = {
  type: string;
  body: { text: string };
  action: { sections?: { rows: { id: string; title: string; description?: string }[] }[] };
};

Deno.test("a bot lists a customer's orders from the shop's answer and answers with the picked order", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
  const shop = await startFakeShop();
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  try {
    const imported = await importBotDocument(server.deps, ordersListDocument(shop.url));
    assert.ok(imported.ok, JSON.stringify(!imported.ok && imported.errors));
    const published = await publishBot(server.db, imported.id);
    assert.ok(!("errors" in published), JSON.stringify(published));
    const channel = await createChannel(server.deps, {
      botId: imported.id,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
    });
    const to = "4915111111111";
    const sent = () => graph.sent.filter((m: SentMessage) => m.body.to === to);
    const post = async (body: string) =>
      assert.equal((await postWebhook(server.url, channel.id, body)).status, 200);
    const say = (id: string, text: string) => post(textWebhook([{ from: to, id, text }]));

    await say("wamid.1", "hi");
    await eventually(() => sent().length === 1, 30_000, "the first question");
    await say("wamid.2", "ada12");
    await eventually(() => sent().length === 2, 30_000, "the list of orders");
    const list = sent()[1].body.interactive as Interactive;
    assert.equal(list.type, "list");
    assert.equal(list.body.text, "Which order?");
    const rows = list.action.sections!.flatMap((s) => s.rows);
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[0], { id: "item:0", title: "Order 1001", description: "paid, 10 EUR" });
    assert.equal(rows[9].title, "More…");

    // "More…" sends the next page: the 3 orders left.
    await post(listReplyWebhook(to, "wamid.3", { id: rows[9].id, title: rows[9].title }));
    await eventually(() => sent().length === 3, 30_000, "the second page");
    const page2 = (sent()[2].body.interactive as Interactive).action.sections!.flatMap((s) => s.rows);
    assert.deepEqual(page2.map((r) => r.title), ["Order 1010", "Order 1011", "Order 1012"]);

    // Picking a row calls the shop for that order and answers with its details and the listed element's.
    await post(listReplyWebhook(to, "wamid.4", { id: page2[1].id, title: page2[1].title }));
    await eventually(() => sent().length === 4, 30_000, "the answer");
    assert.equal(
      (sent()[3].body.text as { body: string }).body,
      "Order 1011 is shipped: 60 EUR (paid when listed).",
    );
    assert.ok(shop.calls.some((c) => c.path === "/orders/1011"), "the picked order was fetched");

    // A customer without orders goes to `empty`.
    const other = "4915222222222";
    await post(textWebhook([{ from: other, id: "wamid.5", text: "hi" }]));
    await eventually(() => graph.sent.some((m) => m.body.to === other), 30_000, "the other's first question");
    await post(textWebhook([{ from: other, id: "wamid.6", text: "bob0" }]));
    await eventually(
      () => graph.sent.filter((m) => m.body.to === other).length === 2,
      30_000,
      "the other's answer",
    );
    const last = graph.sent.filter((m) => m.body.to === other)[1];
    assert.equal((last.body.text as { body: string }).body, "You have no orders yet.");
  } catch (error) {
    console.error(server.logs.filter((l) => /"level":"(warn|error)"/.test(l)).join("\n"));
    throw error;
  } finally {
    await server.close();
    await graph.close();
    await shop.close();
  }
});
