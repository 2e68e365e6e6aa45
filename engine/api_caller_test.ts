import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
import { startFakeShop } from "../tests/fake_shop.ts";
import { api, serve } from "../tests/api_fixtures.ts";

Deno.test("callApi() returns status, lower-cased headers and parsed JSON of a 2xx", async () => {
  const shop = await startFakeShop();
  try {
    const result = await callApi(
      api(`${shop.url}/orders/{{order_id}}`, {
        query: [{ key: "lang", value: "en" }],
      }),
      { order_id: "123" },
    );
    assert.equal(result.status, 200);
    assert.equal(result.headers["content-type"], "application/json");
    assert.deepEqual((result.json as { totals: unknown }).totals, {
      grand: 42.5,
      currency: "EUR",
    });
    assert.equal(result.attempts, 1);
    assert.equal(result.error, undefined);
    assert.equal(result.size, new TextEncoder().encode(result.body).length);
    assert.deepEqual(shop.calls.map((c) => [c.path, c.query.lang]), [[
      "/orders/123",
      "en",
    ]]);
  } finally {
    await shop.close();
  }
});

Deno.test("callApi() returns 4xx and 5xx as data without retrying when retry is not set", async () => {
  const shop = await startFakeShop();
  try {
    const missing = await callApi(api(`${shop.url}/orders/{{order_id}}`), {
      order_id: "404",
    });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: "not found" });
    shop.setMode("fail");
    const broken = await callApi(api(`${shop.url}/orders/1`), {});
    assert.equal(broken.status, 500);
    assert.deepEqual(broken.json, { error: "boom" });
    assert.equal(broken.attempts, 1);
    assert.equal(shop.calls.length, 2);
  } finally {
    await shop.close();
  }
});

Deno.test("callApi() gives status 0 and timedOut when timeoutMs passes", async () => {
  const shop = await startFakeShop();
  try {
    shop.setMode("slow");
    const started = performance.now();
    const result = await callApi(
      api(`${shop.url}/orders/1`, { timeoutMs: 200 }),
      {},
    );
    assert.equal(result.status, 0);
    assert.equal(result.timedOut, true);
    assert.equal(result.error, "Timed out after 200 ms");
    assert.ok(performance.now() - started < 1500);
  } finally {
    await shop.close();
  }
});

Deno.test("callApi() gives status 0 for a refused connection", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const result = await callApi(api(`http://127.0.0.1:${port}/x`), {});
  assert.equal(result.status, 0);
  assert.equal(result.error, "Connection refused");
  assert.equal(result.timedOut, undefined);
});

Deno.test("callApi() cuts an oversized body at the cap and stops reading", async () => {
  const chunk = new Uint8Array(64 * 1024).fill(97);
  const total = 64 * 1024 * 1024;
  let produced = 0;
  let cancelled = false;
  const server = serve(() =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (produced >= total) return controller.close();
          produced += chunk.length;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      }),
      { headers: { "content-type": "application/json" } },
    )
  );
  try {
    const cap = 1_048_576;
    const result = await callApi(api(`${server.url}/big`), {}, {
      maxBodyBytes: cap,
    });
    assert.equal(result.status, 200);
    assert.equal(result.truncated, true);
    assert.ok(result.size <= cap + 1);
    assert.equal(result.body.length, cap);
    assert.equal(result.json, undefined);
    for (let i = 0; i < 50 && !cancelled; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(cancelled, "the server saw the client stop reading");
    assert.ok(produced < total / 4, `server produced ${produced} bytes`);
  } finally {
    await server.close();
  }
});

Deno.test("callApi() keeps a non-JSON body as text without json", async () => {
  const server = serve(() =>
    new Response("hello {not json", {
      headers: { "content-type": "text/plain" },
    })
  );
  try {
    const result = await callApi(api(`${server.url}/`), {});
    assert.equal(result.status, 200);
    assert.equal(result.body, "hello {not json");
    assert.equal(result.json, undefined);
    assert.equal(result.truncated, undefined);
  } finally {
    await server.close();
  }
});

Deno.test("callApi() fails a bad header value with status 0 before any request", async () => {
  const shop = await startFakeShop();
  try {
    const result = await callApi(
      api(`${shop.url}/orders/1`, {
        headers: [{ key: "X-Name", value: "{{name}}" }],
        retry: { attempts: 2 },
      }),
      { name: "Ada\r\nX-Admin: true" },
    );
    assert.equal(result.status, 0);
    assert.match(result.error ?? "", /^Bad header "X-Name"/);
    assert.equal(shop.calls.length, 0);
  } finally {
    await shop.close();
  }
});

Deno.test("callApi() stops when its signal is aborted", async () => {
  const shop = await startFakeShop();
  shop.setMode("slow");
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await callApi(
      api(`${shop.url}/orders/1`, { retry: { attempts: 3 } }),
      {},
      {
        signal: controller.signal,
      },
    );
    assert.equal(result.status, 0);
    assert.equal(result.error, "Cancelled");
    assert.equal(result.attempts, 1);
  } finally {
    await shop.close();
  }
});
