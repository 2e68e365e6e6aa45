import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
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
