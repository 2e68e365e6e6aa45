import assert from "node:assert/strict";
import { type OAuth2Auth, TokenCache } from "./oauth2.ts";

const options = { blockPrivateNetworks: false, timeoutMs: 2000 };

async function withTokenServer(
  handler: (req: Request, form: URLSearchParams) => Response,
  fn: (url: string, seen: { forms: URLSearchParams[]; auth: (string | null)[] }) => Promise<void>,
) {
  const seen = { forms: [] as URLSearchParams[], auth: [] as (string | null)[] };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const form = new URLSearchParams(await req.text());
    seen.forms.push(form);
    seen.auth.push(req.headers.get("authorization"));
    return handler(req, form);
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}/token`, seen);
  } finally {
    await server.shutdown();
  }
}

const auth = (tokenUrl: string, extra: Partial<OAuth2Auth> = {}): OAuth2Auth => ({
  type: "oauth2",
  tokenUrl,
  clientId: "id with space",
  clientSecret: "s3cr:t&",
  scope: "a b",
  audience: "https://api.example.com",
  ...extra,
});

Deno.test("TokenCache: HTTP Basic client auth form-encodes id and secret (RFC 6749 §2.3.1) and sends scope and audience", async () => {
  await withTokenServer(
    () => Response.json({ access_token: "t1", expires_in: 100, scope: "a" }),
    async (url, seen) => {
      const got = await new TokenCache().token("Orders", auth(url), options);
      assert.equal(got.token?.accessToken, "t1");
      assert.equal(got.step.scope, "a");
      assert.equal(got.step.status, 200);
      assert.equal(seen.forms[0].get("grant_type"), "client_credentials");
      assert.equal(seen.forms[0].get("scope"), "a b");
      assert.equal(seen.forms[0].get("audience"), "https://api.example.com");
      assert.equal(seen.forms[0].get("client_secret"), null);
      assert.equal(seen.auth[0], `Basic ${btoa("id+with+space:s3cr%3At%26")}`);
    },
  );
});

Deno.test("TokenCache: client auth in the form body sends client_id and client_secret there, no Authorization header", async () => {
  await withTokenServer(() => Response.json({ access_token: "t2" }), async (url, seen) => {
    const got = await new TokenCache().token("Orders", auth(url, { clientAuth: "body" }), options);
    assert.equal(got.token?.accessToken, "t2");
    assert.equal(seen.auth[0], null);
    assert.equal(seen.forms[0].get("client_id"), "id with space");
    assert.equal(seen.forms[0].get("client_secret"), "s3cr:t&");
  });
});

Deno.test("TokenCache: a token is kept until shortly before expires_in, then fetched again", async () => {
  let n = 0;
  await withTokenServer(() => Response.json({ access_token: `t${++n}`, expires_in: 100 }), async (url) => {
    let now = 1_000_000;
    const cache = new TokenCache();
    const opts = { ...options, now: () => now };
    assert.equal((await cache.token("Orders", auth(url), opts)).token?.accessToken, "t1");
    now += 89_000; // 100 s minus a tenth: still valid
    const again = await cache.token("Orders", auth(url), opts);
    assert.equal(again.token?.accessToken, "t1");
    assert.equal(again.step.cached, true);
    now += 2_000; // past 90 s
    assert.equal((await cache.token("Orders", auth(url), opts)).token?.accessToken, "t2");
  });
});

Deno.test("TokenCache: failures are steps with a clear error, never exceptions", async () => {
  await withTokenServer((req) => {
    const path = new URL(req.url).searchParams.get("case");
    if (path === "html") return new Response("<h1>oops</h1>", { status: 500 });
    if (path === "empty") return Response.json({ token_type: "Bearer" });
    return Response.json({ error: "invalid_scope" }, { status: 400 });
  }, async (url) => {
    const cache = new TokenCache();
    const error = async (u: string) => (await cache.token("Orders", auth(u), options)).step.error;
    assert.equal(await error(url), `token request to ${url} answered 400: invalid_scope`);
    assert.equal(await error(`${url}?case=html`), `token request to ${url}?case=html answered 500`);
    assert.equal(
      await error(`${url}?case=empty`),
      `token request to ${url}?case=empty answered 200 without an access_token`,
    );
  });
  const refused = await new TokenCache().token("Orders", auth("http://169.254.169.254/token"), options);
  assert.equal(refused.token, undefined);
  assert.match(
    refused.step.error ?? "",
    /^token request to http:\/\/169\.254\.169\.254\/token got no response: /,
  );
});
