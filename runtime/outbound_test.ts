import assert from "node:assert/strict";
import { ERROR_190, startFakeGraph } from "../tests/fake_graph.ts";
import { callApi } from "../engine/api_caller.ts";
import type { ApiDef } from "../engine/types.ts";
import { mainThreadBusy, postInProcess, startOutbound, startOutboundThread } from "./outbound.ts";

const body = JSON.stringify({
  messaging_product: "whatsapp",
  to: "15550001111",
  type: "text",
  text: { body: "hello" },
});

Deno.test("the outbound thread answers each Graph POST as fetch on this thread does: status and body text", async () => {
  const graph = await startFakeGraph({ tokens: { "1065": "good-token" } });
  const thread = startOutboundThread();
  try {
    const url = `${graph.url}/v21.0/1065/messages`;
    const signal = new AbortController().signal;
    const [there, here] = await Promise.all([
      thread.postGraph(url, "good-token", body, signal),
      postInProcess(url, "good-token", body, signal),
    ]);
    assert.equal(there.status, 200);
    assert.match(JSON.parse(there.text).messages[0].id, /^wamid\./);
    assert.equal(here.status, 200);
    const refused = await thread.postGraph(url, "old-token", body, signal);
    assert.equal(refused.status, 401);
    assert.deepEqual(JSON.parse(refused.text), ERROR_190);
    assert.equal(graph.sent.length, 2);
  } finally {
    thread.close();
    await graph.close();
  }
});

Deno.test("the outbound thread gives status 0 and why for an address nobody answers, an abort and a close", async () => {
  const graph = await startFakeGraph({ delayMs: 10_000 });
  const thread = startOutboundThread();
  try {
    const nobody = await thread.postGraph(
      "http://127.0.0.1:1/v21.0/1065/messages",
      "t",
      body,
      new AbortController().signal,
    );
    assert.equal(nobody.status, 0);
    assert.match(nobody.text, /^Cannot reach the Graph API: /);

    const stopping = new AbortController();
    const started = Date.now();
    const slow = thread.postGraph(`${graph.url}/v21.0/1065/messages`, "t", body, stopping.signal);
    stopping.abort();
    assert.equal((await slow).status, 0);
    assert.ok(Date.now() - started < 5_000, "the abort reached the thread before the fake's 10 s");

    const pending = thread.postGraph(
      `${graph.url}/v21.0/1065/messages`,
      "t",
      body,
      new AbortController().signal,
    );
    thread.close();
    assert.equal((await pending).status, 0);
  } finally {
    thread.close();
    await graph.close();
  }
});

/** A shop that answers a JSON body, a long body, a redirect and a slow answer. */
function startShop() {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/long") return new Response("x".repeat(5000));
    if (path === "/moved") return new Response(null, { status: 302, headers: { location: "/orders/7" } });
    if (path === "/slow") {
      await new Promise((r) => setTimeout(r, 3000));
      return new Response("late");
    }
    const headers = new Headers({ "content-type": "application/json" });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    return new Response(JSON.stringify({ id: 7, got: request.method, sent: await request.text() }), {
      status: path === "/missing" ? 404 : 200,
      headers,
    });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

function api(url: string, extra: Partial<ApiDef> = {}): ApiDef {
  return {
    name: "shop",
    method: "GET",
    url,
    query: [],
    headers: [],
    body: { type: "none" },
    auth: { type: "none" },
    timeoutMs: 2000,
    ...extra,
  } as ApiDef;
}

Deno.test("an API call connected on the outbound thread answers what a call on this thread answers", async () => {
  const shop = startShop();
  const thread = startOutboundThread();
  try {
    const cases: [string, Partial<ApiDef>, { maxBodyBytes?: number }][] = [
      [`${shop.url}/orders/7`, {}, {}],
      [`${shop.url}/missing`, {}, {}],
      [`${shop.url}/moved`, {}, {}],
      [`${shop.url}/long`, {}, { maxBodyBytes: 1000 }],
      [`${shop.url}/orders`, {
        method: "POST",
        body: { type: "json", template: '{"sku":"A1"}' },
      } as Partial<ApiDef>, {}],
      ["http://127.0.0.1:1/nobody", {}, {}],
      [`${shop.url}/slow`, { timeoutMs: 300 }, {}],
    ];
    for (const [url, extra, options] of cases) {
      const here = await callApi(api(url, extra), {}, options);
      const there = await callApi(api(url, extra), {}, { ...options, connect: thread.connect });
      const same = (r: typeof here) => ({
        status: r.status,
        body: r.body,
        truncated: r.truncated,
        error: r.error,
        setCookie: r.headers["set-cookie"],
      });
      assert.deepEqual(same(there), same(here), url);
    }
    const long = await callApi(api(`${shop.url}/long`), {}, { maxBodyBytes: 1000, connect: thread.connect });
    assert.equal(long.body.length, 1000);
    assert.equal(long.truncated, true);
  } finally {
    thread.close();
    await shop.close();
  }
});

Deno.test("mainThreadBusy() tells a working main thread from an idle one by its CPU time in /proc", async () => {
  // Low thresholds, so a machine busy with other tests still shows this thread's work.
  const busy = mainThreadBusy({ above: 0.05, below: 0.02 });
  const deadline = Date.now() + 10_000;
  while (!busy()) {
    assert.ok(Date.now() < deadline, "burning CPU never counted as busy");
    const end = Date.now() + 50;
    while (Date.now() < end) { /* work */ }
  }
  while (busy()) {
    assert.ok(Date.now() < deadline, "waiting never counted as idle");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

Deno.test("startOutbound() answers the same on this thread and, while busy, on the outbound thread", async () => {
  const graph = await startFakeGraph();
  const shop = startShop();
  let busy = false;
  const outbound = startOutbound({ busy: () => busy });
  try {
    for (busy of [false, true, false]) {
      const sent = await outbound.postGraph(
        `${graph.url}/v21.0/1065/messages`,
        "t",
        body,
        new AbortController().signal,
      );
      assert.equal(sent.status, 200, `busy=${busy}`);
      const called = await callApi(api(`${shop.url}/orders/7`), {}, { connect: outbound.connect });
      assert.equal(called.status, 200, `busy=${busy}`);
      assert.equal(JSON.parse(called.body).id, 7);
    }
    assert.equal(graph.sent.length, 3);
  } finally {
    outbound.close();
    await shop.close();
    await graph.close();
  }
});
