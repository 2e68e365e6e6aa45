/**
 * Slow shutdown (issue 9 item 10): a SIGTERM while a reply hangs on the
 * Graph API must stop well within systemd's TimeoutStopSec=30, and the
 * unsent reply stays in the outbox for the next start.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { startServer } from "./harness.ts";
import { postWebhook, setUpChannel, textWebhook } from "./whatsapp_setup.ts";

Deno.test("slow shutdown: stopping with a reply stuck on the Graph API ends within 10 s and keeps the reply queued", async () => {
  const arrived = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  // A Graph API that takes the reply and never answers (until the test ends).
  const graph = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async () => {
    arrived.resolve();
    await release.promise;
    return Response.json({ error: { code: 1, message: "late" } }, { status: 500 });
  });
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: `http://127.0.0.1:${graph.addr.port}` } });
  let closed = false;
  try {
    const { channelId } = await setUpChannel(server.deps, "http://127.0.0.1:9");
    const res = await postWebhook(
      server.url,
      channelId,
      textWebhook([{ from: "15550004444", id: "wamid.S", text: "hi" }]),
    );
    assert.equal(res.status, 200);
    await res.body?.cancel();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = (ms: number, what: string) =>
      new Promise<never>((_, reject) =>
        timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms)
      );
    await Promise.race([arrived.promise, deadline(10_000, "no reply reached the Graph API")]);
    clearTimeout(timer);
    await Promise.race([server.close(), deadline(10_000, "the server had not stopped")]);
    clearTimeout(timer);
    closed = true;
    const client = createClient({ url: server.deps.config.databaseUrl });
    const rows = (await client.execute("SELECT status, wa_message_id FROM outbox")).rows;
    client.close();
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].status, "sent");
    assert.equal(rows[0].wa_message_id, null, "the reply was not sent: it waits for the next start");
  } finally {
    release.resolve();
    if (!closed) await server.close();
    await graph.shutdown();
  }
});
