import assert from "node:assert/strict";
import { createBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { startServer } from "../tests/harness.ts";
import { postWebhook, textWebhook } from "../tests/whatsapp_setup.ts";

const TOKEN = "metrics-token-0123456789";

Deno.test("GET /metrics answers 401 without a bearer token and the Prometheus text with one", async () => {
  const server = await startServer({ workers: false, listen: false, env: { CHATWIRE_ADMIN_TOKEN: TOKEN } });
  try {
    const bot = await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
    const { id } = await createChannel(server.deps, {
      botId: bot.id,
      phoneNumberId: "1065",
      accessToken: "token",
      appSecret: "app-secret",
      verifyToken: "verify-token",
    });
    const body = textWebhook([{ from: "15550001", id: "wamid.metrics1", text: "hi", name: "Ada" }], "1065");
    const hook = await postWebhook(server, id, body, "app-secret");
    assert.equal(hook.status, 200);
    await hook.body?.cancel();

    const anonymous = await server.request(`/metrics`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const wrong = await server.request(`/metrics`, {
      headers: { authorization: "Bearer nope-nope-nope" },
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();

    const res = await server.request(`/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^# TYPE chatwire_webhooks_received_total counter$/m);
    assert.match(text, /^chatwire_webhooks_received_total\{result="ok"\} [1-9]\d*$/m);
    assert.match(text, /^# HELP chatwire_outbox_depth /m);
    assert.match(text, /^chatwire_outbox_depth 0$/m);
  } finally {
    await server.close();
  }
});
