// callApi() and the network: private addresses, redirects, and secrets kept out of reports.
import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
import { startFakeShop } from "../tests/fake_shop.ts";
import { api, serve } from "../tests/api_fixtures.ts";

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
