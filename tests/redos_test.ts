/**
 * ReDoS (issue 9 item 1): one WhatsApp message against a backtracking-prone
 * `matches` rule must not freeze the server for everyone else.
 */
import assert from "node:assert/strict";
import { createBot, publishBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import type { Flow } from "../engine/types.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startServer, type TestServer } from "./harness.ts";
import { APP_SECRET, postWebhook, textWebhook, VERIFY_TOKEN } from "./whatsapp_setup.ts";

const EVIL = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

async function connect(server: TestServer, name: string, flow: Flow, phoneNumberId: string) {
  const bot = await createBot(server.db, { name, flow });
  assert.ok("version" in await publishBot(server.db, bot.id));
  return (await createChannel(server.deps, {
    botId: bot.id,
    phoneNumberId,
    accessToken: `token-${phoneNumberId}`,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
  })).id;
}

Deno.test("ReDoS: a message against ^(\\w+\\s?)*$ does not stall /healthz nor another bot's contact", async () => {
  const graph = await startFakeGraph();
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  try {
    const letters = await connect(server, "Letters", {
      start: "check",
      nodes: [
        {
          id: "check",
          type: "condition",
          rules: [{ attribute: "sys.input", op: "matches", value: "^(\\w+\\s?)*$", next: "ok" }],
          else: "bad",
        },
        { id: "ok", type: "end", text: "Letters and spaces only" },
        { id: "bad", type: "end", text: "Something else" },
      ],
    }, "111");
    const other = await connect(server, "Other", {
      start: "hi",
      nodes: [{ id: "hi", type: "end", text: "Hello from the other bot" }],
    }, "222");
    await (await fetch(`${server.url}/healthz`)).body?.cancel(); // warm, so only a stall is slow
    for (
      const [channel, phone, from, text] of [
        [letters, "111", "15550001111", EVIL],
        [other, "222", "15550002222", "hi"],
      ] as const
    ) {
      const started = performance.now();
      const res = await postWebhook(
        server.url,
        channel,
        textWebhook([{ from, id: `wamid.${from}`, text }], phone),
      );
      assert.equal(res.status, 200, await res.text());
      const ackMs = performance.now() - started;
      assert.ok(ackMs < 1000, `the webhook took ${ackMs.toFixed(0)} ms to acknowledge`);
    }
    // Ask /healthz again and again until both replies are out: every answer must come quickly.
    const deadline = Date.now() + 5000;
    while (graph.sent.length < 2 && Date.now() < deadline) {
      const started = performance.now();
      const health = await fetch(`${server.url}/healthz`);
      assert.deepEqual(await health.json(), { ok: true });
      const healthMs = performance.now() - started;
      assert.ok(healthMs < 1000, `/healthz took ${healthMs.toFixed(0)} ms while a turn matched the message`);
    }
    const sent = await graph.waitFor((s) => s.length === 2, 5000);
    const texts = Object.fromEntries(sent.map((s) => [s.body.to, (s.body.text as { body: string }).body]));
    assert.deepEqual(texts, { "15550001111": "Something else", "15550002222": "Hello from the other bot" });
  } finally {
    await server.close();
    await graph.close();
  }
});
