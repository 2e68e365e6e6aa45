import assert from "node:assert/strict";
import { ERROR_190, startFakeGraph } from "../tests/fake_graph.ts";
import { postInProcess, startGraphThread } from "./graph_post.ts";

const body = JSON.stringify({
  messaging_product: "whatsapp",
  to: "15550001111",
  type: "text",
  text: { body: "hello" },
});

Deno.test("the Graph thread answers each POST as fetch on this thread does: status and body text", async () => {
  const graph = await startFakeGraph({ tokens: { "1065": "good-token" } });
  const thread = startGraphThread();
  try {
    const url = `${graph.url}/v21.0/1065/messages`;
    const signal = new AbortController().signal;
    const [there, here] = await Promise.all([
      thread.post(url, "good-token", body, signal),
      postInProcess(url, "good-token", body, signal),
    ]);
    assert.equal(there.status, 200);
    assert.match(JSON.parse(there.text).messages[0].id, /^wamid\./);
    assert.equal(here.status, 200);
    const refused = await thread.post(url, "old-token", body, signal);
    assert.equal(refused.status, 401);
    assert.deepEqual(JSON.parse(refused.text), ERROR_190);
    assert.equal(graph.sent.length, 2);
  } finally {
    thread.close();
    await graph.close();
  }
});

Deno.test("the Graph thread gives status 0 and why for an address nobody answers, an abort and a close", async () => {
  const graph = await startFakeGraph({ delayMs: 10_000 });
  const thread = startGraphThread();
  try {
    const nobody = await thread.post("http://127.0.0.1:1/v21.0/1065/messages", "t", body, new AbortController().signal);
    assert.equal(nobody.status, 0);
    assert.match(nobody.text, /^Cannot reach the Graph API: /);

    // A slow Graph: stopping aborts the POST in flight on the thread, well before the fake's 10 s.
    const stopping = new AbortController();
    const started = Date.now();
    const slow = thread.post(`${graph.url}/v21.0/1065/messages`, "t", body, stopping.signal);
    stopping.abort();
    const aborted = await slow;
    assert.equal(aborted.status, 0);
    assert.ok(Date.now() - started < 5_000, "the abort reached the thread");

    const pending = thread.post(`${graph.url}/v21.0/1065/messages`, "t", body, new AbortController().signal);
    thread.close();
    assert.deepEqual(await pending, { status: 0, text: "Cannot reach the Graph API: stopped" });
  } finally {
    thread.close();
    await graph.close();
  }
});
