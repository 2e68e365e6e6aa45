import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
import type { ApiDef } from "./types.ts";
import { startFakeShop } from "../tests/fake_shop.ts";

function api(url: string, patch: Partial<ApiDef> = {}): ApiDef {
  return {
    name: "Get order",
    method: "GET",
    url,
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 2000,
    mappings: [],
    ...patch,
  };
}

/** A loopback server with its own handler, closed by `close()`. */
function serve(handler: (request: Request) => Response | Promise<Response>) {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    handler,
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    port: server.addr.port,
    close: () => server.shutdown(),
  };
}

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

Deno.test("callApi() refuses the metadata address without connecting", async () => {
  let fetched = 0;
  const countingFetch: typeof fetch = () => {
    fetched++;
    return Promise.resolve(new Response("secret"));
  };
  const direct = await callApi(
    api("http://169.254.169.254/latest/meta-data"),
    {},
    { fetch: countingFetch },
  );
  assert.equal(direct.status, 0);
  assert.equal(direct.error, "Refused address 169.254.169.254: link-local");
  const byName = await callApi(api("http://metadata.internal/latest"), {}, {
    fetch: countingFetch,
    resolve: () => Promise.resolve(["169.254.169.254"]),
  });
  assert.equal(byName.error, "Refused address 169.254.169.254: link-local");
  const v6 = await callApi(api("http://[fd00:ec2::254]/latest"), {}, {
    fetch: countingFetch,
  });
  assert.equal(v6.error, "Refused address fd00:ec2::254: cloud metadata");
  assert.equal(fetched, 0);
});

Deno.test("callApi() refuses loopback only when blockPrivateNetworks is true", async () => {
  const shop = await startFakeShop();
  try {
    const refused = await callApi(api(`${shop.url}/orders/1`), {}, {
      blockPrivateNetworks: true,
    });
    assert.equal(refused.status, 0);
    assert.equal(refused.error, "Refused address 127.0.0.1: loopback");
    assert.equal(shop.calls.length, 0);
    const allowed = await callApi(api(`${shop.url}/orders/1`), {}, {
      blockPrivateNetworks: false,
    });
    assert.equal(allowed.status, 200);
  } finally {
    await shop.close();
  }
});

Deno.test("callApi() checks the address of every redirect and refuses metadata", async () => {
  const server = serve(() =>
    new Response(null, {
      status: 302,
      headers: { location: "http://169.254.169.254/latest/meta-data" },
    })
  );
  try {
    const result = await callApi(api(`${server.url}/go`), {});
    assert.equal(result.status, 0);
    assert.equal(result.error, "Refused address 169.254.169.254: link-local");
  } finally {
    await server.close();
  }
});

Deno.test("callApi() follows redirects: 303 turns POST into GET, 307 keeps it, at most 5", async () => {
  const seen: string[] = [];
  const server = serve(async (request) => {
    const path = new URL(request.url).pathname;
    seen.push(`${request.method} ${path} ${await request.text()}`);
    if (path === "/see-other") {
      return new Response(null, {
        status: 303,
        headers: { location: "/done" },
      });
    }
    if (path === "/temporary") {
      return new Response(null, {
        status: 307,
        headers: { location: "/done" },
      });
    }
    if (path.startsWith("/loop")) {
      return new Response(null, {
        status: 302,
        headers: { location: `${path}x` },
      });
    }
    return Response.json({ method: request.method });
  });
  try {
    const post = {
      method: "POST" as const,
      body: {
        type: "text" as const,
        template: "hi",
        contentType: "text/plain",
      },
    };
    const seeOther = await callApi(api(`${server.url}/see-other`, post), {});
    assert.deepEqual(seeOther.json, { method: "GET" });
    const temporary = await callApi(api(`${server.url}/temporary`, post), {});
    assert.deepEqual(temporary.json, { method: "POST" });
    assert.deepEqual(seen.slice(0, 4), [
      "POST /see-other hi",
      "GET /done ",
      "POST /temporary hi",
      "POST /done hi",
    ]);
    const loop = await callApi(api(`${server.url}/loop`), {});
    assert.equal(loop.status, 0);
    assert.equal(loop.error, "Too many redirects (more than 5)");
    assert.equal(seen.length, 4 + 6);
  } finally {
    await server.close();
  }
});

Deno.test("callApi() drops credentials on a redirect to another origin", async () => {
  const received: (string | null)[] = [];
  const other = serve((request) => {
    received.push(request.headers.get("authorization"));
    return Response.json({ ok: true });
  });
  const first = serve(() =>
    new Response(null, {
      status: 302,
      headers: { location: `http://localhost:${other.port}/` },
    })
  );
  try {
    const result = await callApi(
      api(`${first.url}/`, { auth: { type: "bearer", token: "s3cret" } }),
      {},
    );
    assert.equal(result.status, 200);
    assert.deepEqual(received, [null]);
  } finally {
    await first.close();
    await other.close();
  }
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

Deno.test("callApi() redacts auth secrets in the request it reports", async () => {
  const shop = await startFakeShop();
  try {
    const bearer = await callApi(
      api(`${shop.url}/echo`, { auth: { type: "bearer", token: "t0k/en" } }),
      {},
    );
    assert.equal(bearer.request.headers.Authorization, "Bearer ********");
    assert.equal(shop.calls[0].headers.authorization, "Bearer t0k/en");
    const basic = await callApi(
      api(`${shop.url}/echo`, {
        auth: { type: "basic", username: "ada", password: "pw" },
      }),
      {},
    );
    assert.equal(basic.request.headers.Authorization, "Basic ********");
    const query = await callApi(
      api(`${shop.url}/echo`, {
        auth: { type: "apiKey", in: "query", name: "key", value: "k&y 1" },
      }),
      {},
    );
    assert.equal(shop.calls[2].query.key, "k&y 1");
    assert.equal(query.request.url, `${shop.url}/echo?key=********`);
    const header = await callApi(
      api(`${shop.url}/echo`, {
        auth: { type: "apiKey", in: "header", name: "X-Api-Key", value: "abc" },
      }),
      {},
    );
    assert.equal(header.request.headers["X-Api-Key"], "********");
    assert.ok(
      !JSON.stringify([bearer, basic, query, header].map((r) => r.request))
        .match(/t0k|k&y|abc|cHc=/),
    );
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
