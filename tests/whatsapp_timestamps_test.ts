/**
 * A millisecond timestamp mid-conversation (DESIGN §6): read as ms, the
 * answer is taken; read as seconds it would be the year ~55000, past the
 * session timeout, and the flow would restart and throw the answer away.
 */
import assert from "node:assert/strict";
import { postWebhook, textWebhook } from "./whatsapp_setup.ts";
import { textsTo, withWorld } from "./whatsapp_world.ts";

Deno.test("whatsapp: an answer with a millisecond timestamp continues the conversation", async () => {
  await withWorld(async ({ server, graph, channelId, say }) => {
    await say("15550007001", "wamid.MS1", "hi");
    await graph.waitFor((s) => s.length === 1);
    const ms = textWebhook([{ from: "15550007001", id: "wamid.MS2", text: "123" }])
      .replace(/"timestamp":"(\d+)"/, (_, s) => `"timestamp":"${s}123"`);
    assert.match(ms, /"timestamp":"\d{13}"/);
    const res = await postWebhook(server.url, channelId, ms);
    assert.equal(res.status, 200, await res.text());
    await graph.waitFor((s) => s.length === 3);
    assert.deepEqual(textsTo(graph.sent, "15550007001"), [
      "Your order number?",
      "Order 123 is shipped (42.5).",
      "Your order number?",
    ]);
  });
});
