/**
 * OAuth 2.0 client credentials end to end (DESIGN §4), against a loopback
 * fake token endpoint and API: the API is made in the editor, the token is
 * fetched once for 20 concurrent calls, cached (also across a restart),
 * refreshed on expiry and on a 401, a failing token request is a status 0
 * call with a clear trace entry, and neither the client secret nor any
 * access token reaches the database file, the call log, traces or the log.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { findApiId, getApi, loadApiDefs } from "../db/apis.ts";
import { oauthTokenStore } from "../db/oauth_tokens.ts";
import { callApi } from "../engine/api_caller.ts";
import { runTurn } from "../engine/executor.ts";
import { TokenCache } from "../engine/oauth2.ts";
import { newConversation, runnableFlow } from "../engine/step.ts";
import type { ApiDef, AttributeValues } from "../engine/types.ts";
import { callAndLog } from "../runtime/api_call.ts";
import { tokenCacheFor } from "../runtime/oauth_tokens.ts";
import { startFakeOAuth } from "./fake_oauth.ts";
import { postForm, signIn, startServer } from "./harness.ts";

Deno.test("OAuth2 API: one token for 20 concurrent calls, cached, refreshed on expiry and on 401, secrets never stored or logged", async () => {
  const server = await startServer({ workers: false });
  const fake = startFakeOAuth();
  try {
    const session = await signIn(server);
    const saved = await postForm(server, session, "/apis", {
      name: "Get order",
      method: "GET",
      url: `${fake.url}/orders/{{order_id}}`,
      bodyType: "none",
      authType: "oauth2",
      tokenUrl: `${fake.url}/token`,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      scope: "orders:read",
      clientAuth: "basic",
      keyIn: "header",
      timeoutMs: "5000",
      retry: "0",
    });
    assert.equal(saved.status, 303, await saved.text());
    const id = (await findApiId(server.db, "Get order"))!;
    const editor = await (await fetch(`${server.url}/apis/${id}`, { headers: { cookie: session.cookie } }))
      .text();
    assert.ok(!editor.includes(fake.clientSecret), "the editor never shows the client secret");
    assert.match(editor, /•••••••• \(unchanged\)/);

    // The editor's Test: the token request is a step of its own, the token masked.
    const test = await postForm(server, session, `/apis/${id}/test`, {
      testId: "t1",
      "value:order_id": "A-1",
    });
    const testPage = await test.text();
    assert.equal(fake.tokenRequests, 1);
    assert.match(testPage, /id="token-step"/);
    assert.match(testPage, /Token request/);
    assert.match(testPage, /orders:read/);
    assert.ok(!testPage.includes(fake.issued[0]), "the Test page never shows the access token");

    // 20 concurrent calls while the token endpoint is slow: one token request (shared with the
    // Test above, which cached the token: so revoke it first to force a new one under load).
    fake.revoke(fake.issued[0]);
    let release!: () => void;
    fake.hold = new Promise((resolve) => release = resolve);
    const api = (await loadApiDefs(server.deps.db, server.deps.secrets))["Get order"];
    // Above the per-API cap of 16: all 20 calls are in flight together.
    const deps = { ...server.deps, apiCallsInFlight: 32 };
    const call = (def: ApiDef, values: AttributeValues) =>
      callAndLog(deps, def, values, { source: "simulator", attributeTypes: {} });
    const calls = Array.from({ length: 20 }, (_, i) => call(api, { order_id: `B-${i}` }));
    await waitFor(() => fake.tokenRequests === 2, "the refresh token request");
    release();
    fake.hold = undefined;
    const results = await Promise.all(calls);
    assert.equal(fake.tokenRequests, 2, "20 concurrent 401s lead to exactly one new token request");
    assert.deepEqual(results.map((r) => r.status), Array(20).fill(200));
    assert.ok(results.every((r) => r.attempts === 2), "each call retried once after its 401");
    const echoed = JSON.stringify(results[0].json);
    assert.ok(!echoed.includes(fake.issued[1]), "an echo of the token is masked");
    assert.equal(results[0].request.headers.Authorization, "Bearer ********");

    // Cached: the next call makes no token request.
    assert.equal((await call(api, { order_id: "C-1" })).status, 200);
    assert.equal(fake.tokenRequests, 2);

    // A cold start under load (another API, so no token yet): 20 concurrent calls, one token request.
    fake.hold = new Promise((resolve) => release = resolve);
    const cold = Array.from({ length: 20 }, (_, i) => call({ ...api, name: "Cold" }, { order_id: `F-${i}` }));
    await waitFor(() => fake.tokenRequests === 3, "the first token request");
    release();
    fake.hold = undefined;
    assert.deepEqual((await Promise.all(cold)).map((r) => [r.status, r.attempts]), Array(20).fill([200, 1]));
    assert.equal(fake.tokenRequests, 3, "20 concurrent first calls share one token request");

    // A restart (or a second process) reads the stored token instead of fetching one.
    const restarted = new TokenCache(oauthTokenStore(server.deps.db, server.deps.secrets));
    assert.equal((await callApi(api, { order_id: "D-1" }, { tokens: restarted })).status, 200);
    assert.equal(fake.tokenRequests, 3);

    // Expiry: past expires_in (minus the margin) a new token is fetched before the call.
    const later = () => Date.now() + 3600_000;
    const expired = await callApi(api, { order_id: "E-1" }, {
      tokens: tokenCacheFor(server.deps),
      now: later,
    });
    assert.equal(expired.status, 200);
    assert.equal(expired.attempts, 1);
    assert.equal(fake.tokenRequests, 4);
    assert.equal(expired.tokenRequest?.cached, false);

    // A failing token request: status 0 with a clear error, no exception, and in the turn's trace.
    const wrong: ApiDef = {
      ...api,
      name: "Wrong secret",
      auth: { ...api.auth, clientSecret: "nope" } as ApiDef["auth"],
    };
    const flow = runnableFlow({
      attributes: [{ name: "order_id", type: "text" }],
      apis: [wrong],
      flow: {
        start: "lookup",
        nodes: [
          { id: "lookup", type: "api", api: "Wrong secret", routes: [], others: "broken" },
          { id: "broken", type: "end", text: "Our shop is not answering." },
        ],
      },
    });
    const turn = await runTurn(flow, newConversation(flow, Date.now()), {
      type: "message",
      text: "hi",
      kind: "text",
      at: Date.now(),
    }, { callApi: call });
    const apiTrace = turn.trace.find((t) => t.type === "api");
    assert.ok(apiTrace && apiTrace.type === "api");
    assert.equal(apiTrace.status, 0);
    assert.match(
      apiTrace.error ?? "",
      new RegExp(`token request to ${fake.url}/token answered 400: invalid_client`),
    );
    assert.deepEqual(turn.sends, [{ type: "text", text: "Our shop is not answering." }]);

    // Nowhere in clear: the database file (WAL included), the call log, traces, the log.
    const secrets = [fake.clientSecret, ...fake.issued];
    const trace = JSON.stringify(turn.trace);
    const logs = server.logs.join("\n");
    const client = createClient({ url: server.deps.config.databaseUrl });
    const calls_ = JSON.stringify((await client.execute("SELECT * FROM api_calls")).rows);
    const tokens = (await client.execute("SELECT COUNT(*) AS n FROM oauth_tokens")).rows[0].n;
    client.close();
    assert.ok(Number(tokens) >= 1, "the token is stored (sealed)");
    const file = server.deps.config.databaseUrl.replace(/^file:/, "");
    const bytes = new TextDecoder("latin1").decode(
      new Uint8Array([...await readOrEmpty(file), ...await readOrEmpty(`${file}-wal`)]),
    );
    for (const secret of secrets) {
      assert.ok(!bytes.includes(secret), `the database file holds ${secret.slice(0, 6)}… in clear`);
      assert.ok(!calls_.includes(secret), "the call log holds a secret");
      assert.ok(!trace.includes(secret), "a trace holds a secret");
      assert.ok(!logs.includes(secret), "the log holds a secret");
      assert.ok(!testPage.includes(secret), "the Test page holds a secret");
    }
    const stored = (await getApi(server.db, server.deps.secrets, id))!;
    assert.equal(stored.def.auth.type === "oauth2" && stored.def.auth.clientSecret, fake.clientSecret);
  } finally {
    await fake.close();
    await server.close();
  }
});

async function readOrEmpty(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch {
    return new Uint8Array();
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
