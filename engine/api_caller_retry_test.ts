// callApi() retries: Retry-After on a 429, growing backoff on 5xx.
import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
import { startFakeShop } from "../tests/fake_shop.ts";
import { api, serve } from "../tests/api_fixtures.ts";

Deno.test("callApi() retries a 429 after the Retry-After it was given", async () => {
  let calls = 0;
  const server = serve(() =>
    ++calls === 1
      ? new Response("slow down", {
        status: 429,
        headers: { "retry-after": "1" },
      })
      : Response.json({ ok: true })
  );
  const sleeps: number[] = [];
  try {
    const result = await callApi(
      api(`${server.url}/`, { retry: { attempts: 3 } }),
      {},
      {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    );
    assert.equal(result.status, 200);
    assert.equal(result.attempts, 2);
    assert.deepEqual(sleeps, [1000]);
    assert.equal(calls, 2);
  } finally {
    await server.close();
  }
});

Deno.test("callApi() retries 5xx with growing backoff up to retry.attempts", async () => {
  const shop = await startFakeShop();
  shop.setMode("fail");
  const sleeps: number[] = [];
  try {
    const result = await callApi(
      api(`${shop.url}/orders/1`, { retry: { attempts: 2 } }),
      {},
      {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    );
    assert.equal(result.status, 500);
    assert.equal(result.attempts, 3);
    assert.equal(shop.calls.length, 3);
    assert.equal(sleeps.length, 2);
    assert.ok(
      sleeps[0] >= 200 && sleeps[1] >= 400 && sleeps[1] < 600,
      String(sleeps),
    );
  } finally {
    await shop.close();
  }
});
