import assert from "node:assert/strict";
import http from "node:http";
import { callApi } from "./api_caller.ts";
import { closePinnedAgents } from "./pinned_fetch.ts";
import type { ApiDef } from "./types.ts";

function api(url: string): ApiDef {
  return {
    name: "Rebind",
    method: "GET",
    url,
    query: [],
    headers: [],
    body: null,
    auth: { type: "bearer", token: "tok" },
    timeoutMs: 5000,
    mappings: [],
  };
}

/** A resolver that gives the allowed address first and the metadata address on every later lookup. */
function rebinding() {
  const lookups: string[] = [];
  const resolve = (hostname: string) => {
    lookups.push(hostname);
    return Promise.resolve(lookups.length === 1 ? ["127.0.0.1"] : ["169.254.169.254"]);
  };
  return { lookups, resolve };
}

Deno.test("DNS rebinding: the connection goes to the address that was checked, Host keeps the name", async () => {
  const seen: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    seen.push(req.headers.get("host") ?? "");
    return Response.json({ ok: true });
  });
  try {
    const { lookups, resolve } = rebinding();
    const url = `http://rebind.test:${server.addr.port}/orders`;
    const result = await callApi(api(url), {}, { resolve });
    assert.equal(result.status, 200, result.error ?? "");
    assert.deepEqual(result.json, { ok: true });
    assert.deepEqual(lookups, ["rebind.test"], "the name is resolved once per attempt");
    assert.deepEqual(seen, [`rebind.test:${server.addr.port}`]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("DNS rebinding: a redirect to the same name is resolved and checked again, and refused", async () => {
  let hits = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => {
    hits++;
    return new Response(null, { status: 302, headers: { location: "/next" } });
  });
  try {
    const { lookups, resolve } = rebinding();
    const result = await callApi(api(`http://rebind.test:${server.addr.port}/start`), {}, { resolve });
    assert.equal(result.status, 0);
    assert.match(result.error ?? "", /Refused address 169\.254\.169\.254: link-local/);
    assert.equal(lookups.length, 2);
    assert.equal(hits, 1, "the refused hop never reached any server");
  } finally {
    await server.shutdown();
  }
});

Deno.test("pinned connections keep the API caller's body cap and timeout", async () => {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    if (new URL(req.url).pathname === "/slow") {
      // Answers only once the caller gave up, so the server can shut down.
      return new Promise<Response>((r) =>
        req.signal.addEventListener("abort", () => r(new Response("late")))
      );
    }
    return new Response("x".repeat(2000));
  });
  try {
    const resolve = () => Promise.resolve(["127.0.0.1"]);
    const big = await callApi(api(`http://pinned.test:${server.addr.port}/big`), {}, {
      resolve,
      maxBodyBytes: 100,
    });
    assert.equal(big.status, 200);
    assert.equal(big.truncated, true);
    assert.equal(big.body.length, 100);
    const slow = await callApi(
      { ...api(`http://pinned.test:${server.addr.port}/slow`), timeoutMs: 200 },
      {},
      {
        resolve,
      },
    );
    assert.equal(slow.status, 0);
    assert.equal(slow.timedOut, true);
  } finally {
    await server.shutdown();
  }
});

/** A node:http server on `host` that counts the TCP connections it accepts and the requests per path. */
async function countingServer(host = "127.0.0.1", port = 0) {
  const hits: Record<string, number> = {};
  let connections = 0;
  let closed = 0;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === "/slow") return; // never answers: the caller's timeout ends it
    res.setHeader("content-type", "application/json");
    res.end(path === "/big" ? JSON.stringify({ pad: "x".repeat(1 << 20) }) : JSON.stringify({ host }));
  });
  server.on("connection", (socket) => {
    connections++;
    socket.on("close", () => closed++);
  });
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(port, host, ok));
  return {
    port: (server.address() as { port: number }).port,
    hits,
    counts: () => ({ connections, closed }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

async function until(what: string, holds: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("keep-alive: sequential calls to the same checked address share one TCP connection", async () => {
  const server = await countingServer();
  try {
    const resolve = () => Promise.resolve(["127.0.0.1"]);
    for (let i = 0; i < 3; i++) {
      const result = await callApi(api(`http://pool.test:${server.port}/orders`), {}, { resolve });
      assert.equal(result.status, 200, result.error ?? "");
    }
    assert.deepEqual(server.counts(), { connections: 1, closed: 0 });
    const post = { ...api(`http://pool.test:${server.port}/orders`), method: "POST" as const };
    for (let i = 0; i < 2; i++) assert.equal((await callApi(post, {}, { resolve })).status, 200);
    assert.equal(server.counts().connections, 3, "a POST never rides a pooled connection");
  } finally {
    closePinnedAgents();
    await server.close();
  }
});

Deno.test("DNS rebinding: a pooled connection never carries a call to a later answer of the name", async () => {
  const first = await countingServer("127.0.0.1");
  const second = await countingServer("127.0.0.2", first.port);
  try {
    const answers = ["127.0.0.1", "127.0.0.2", "127.0.0.1", "127.0.0.2"];
    const resolve = () => Promise.resolve([answers.shift()!]);
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await callApi(api(`http://rebind.test:${first.port}/orders`), {}, { resolve });
      assert.equal(result.status, 200, result.error ?? "");
      seen.push(result.json);
    }
    assert.deepEqual(seen, [{ host: "127.0.0.1" }, { host: "127.0.0.2" }, { host: "127.0.0.1" }, {
      host: "127.0.0.2",
    }]);
    assert.deepEqual([first.hits["/orders"], second.hits["/orders"]], [2, 2]);
    assert.equal(first.counts().connections, 1, "the first address's socket was reused");
    assert.equal(second.counts().connections, 1);
  } finally {
    closePinnedAgents();
    await Promise.all([first.close(), second.close()]);
  }
});

Deno.test("keep-alive: a timed-out call is not sent again and a capped body closes its connection", async () => {
  const server = await countingServer();
  try {
    const resolve = () => Promise.resolve(["127.0.0.1"]);
    const url = `http://pool.test:${server.port}`;
    assert.equal((await callApi(api(`${url}/orders`), {}, { resolve })).status, 200);
    const slow = await callApi({ ...api(`${url}/slow`), timeoutMs: 200 }, {}, { resolve });
    assert.equal(slow.timedOut, true);
    await until("the timed-out connection to close", () => server.counts().closed === 1);
    assert.equal((await callApi(api(`${url}/orders`), {}, { resolve })).status, 200);
    assert.equal(server.hits["/slow"], 1, "the abandoned request was not re-sent");
    const big = await callApi(api(`${url}/big`), {}, { resolve, maxBodyBytes: 100 });
    assert.equal(big.truncated, true);
    await until("the half-read connection to close", () => server.counts().closed === 2);
    assert.equal((await callApi(api(`${url}/orders`), {}, { resolve })).status, 200);
    assert.deepEqual(server.counts(), { connections: 3, closed: 2 });
  } finally {
    closePinnedAgents();
    await server.close();
  }
});
