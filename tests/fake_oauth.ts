/**
 * A loopback fake of an OAuth 2.0 protected API: `POST /token` (client
 * credentials, HTTP Basic or form body) hands out random tokens, and
 * `GET /orders/:id` answers 200 only with a token it issued and has not
 * revoked (401 otherwise). It echoes the Authorization header it got, as a
 * debugging API might, so tests can see that the token is masked.
 */
export interface FakeOAuth {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Token requests received. */
  tokenRequests: number;
  /** Tokens issued, in order. */
  issued: string[];
  /** `expires_in` of the next tokens (seconds). */
  expiresIn: number;
  /** While set, token requests wait for it (to make concurrent calls pile up). */
  hold?: Promise<void>;
  /** Makes the API refuse a token it issued. */
  revoke(token: string): void;
  close(): Promise<void>;
}

export function startFakeOAuth(): FakeOAuth {
  const revoked = new Set<string>();
  const fake: FakeOAuth = {
    url: "",
    clientId: "chatwire-client",
    clientSecret: "cs-Very-Secret-Client-Secret-42",
    tokenRequests: 0,
    issued: [],
    expiresIn: 3600,
    revoke: (token) => revoked.add(token),
    close: () => server.shutdown(),
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (req.method === "POST" && url.pathname === "/token") {
      fake.tokenRequests++;
      const form = new URLSearchParams(await req.text());
      await fake.hold;
      const basic = /^Basic (.+)$/.exec(req.headers.get("authorization") ?? "");
      const [id, secret] = basic
        ? atob(basic[1]).split(":").map((part) => decodeURIComponent(part.replaceAll("+", " ")))
        : [form.get("client_id"), form.get("client_secret")];
      if (form.get("grant_type") !== "client_credentials") {
        return json({ error: "unsupported_grant_type" }, 400);
      }
      if (id !== fake.clientId || secret !== fake.clientSecret) return json({ error: "invalid_client" }, 400);
      const token = `at-${fake.issued.length + 1}-${crypto.randomUUID()}`;
      fake.issued.push(token);
      return json({
        access_token: token,
        token_type: "Bearer",
        expires_in: fake.expiresIn,
        scope: form.get("scope") ?? "orders:read",
      });
    }
    const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && order) {
      const header = req.headers.get("authorization") ?? "";
      const token = /^Bearer (.+)$/.exec(header)?.[1] ?? "";
      if (!fake.issued.includes(token) || revoked.has(token)) {
        return json({ error: "invalid_token", received: header }, 401);
      }
      return json({ id: decodeURIComponent(order[1]), status: "shipped", debug: { authorization: header } });
    }
    return json({ error: "not found" }, 404);
  });
  fake.url = `http://127.0.0.1:${server.addr.port}`;
  return fake;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
