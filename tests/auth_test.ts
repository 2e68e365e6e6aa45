import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { postForm, signIn, startServer, TEST_EMAIL, TEST_PASSWORD, type TestServer } from "./harness.ts";

/** A tiny cookie jar so a test can walk the pages like a browser. */
function client(server: TestServer) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(`${server.url}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair.split("=");
      if (/Max-Age=0|expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const csrfOf = async (path: string) => {
    const html = await (await request(path)).text();
    return /name="csrf-token" content="([^"]+)"/.exec(html)![1];
  };
  const form = async (path: string, fields: Record<string, string>, csrf?: string) =>
    await request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(csrf === undefined ? fields : { _csrf: csrf, ...fields }),
    });
  return { request, csrfOf, form, jar };
}

Deno.test("first run: every page leads to setup, which creates the owner and signs in", async () => {
  const server = await startServer();
  try {
    const c = client(server);
    for (const path of ["/", "/bots", "/settings", "/apis"]) {
      const res = await c.request(path);
      await res.body?.cancel();
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get("location"), "/setup", path);
    }
    const csrf = await c.csrfOf("/setup");
    const mismatch = await c.form("/setup", {
      email: TEST_EMAIL,
      password: TEST_PASSWORD,
      confirm: "other one!!",
    }, csrf);
    assert.equal(mismatch.status, 422);
    assert.match(await mismatch.text(), /The two passwords differ/);
    const short = await c.form(
      "/setup",
      { email: "not-an-email", password: "short", confirm: "short" },
      csrf,
    );
    const html = await short.text();
    assert.equal(short.status, 422);
    assert.match(html, /Enter an email address/);
    assert.match(html, /Use at least 10 characters/);

    const ok = await c.form(
      "/setup",
      { email: TEST_EMAIL, password: TEST_PASSWORD, confirm: TEST_PASSWORD },
      csrf,
    );
    await ok.body?.cancel();
    assert.equal(ok.status, 303);
    const cookie = ok.headers.getSetCookie().find((l) => l.startsWith("chatwire_session="))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);
    const settings = await c.request("/settings");
    assert.equal(settings.status, 200);
    assert.match(await settings.text(), new RegExp(TEST_EMAIL));

    const again = await c.request("/setup");
    await again.body?.cancel();
    assert.equal(again.headers.get("location"), "/login", "setup is one-time");
  } finally {
    await server.close();
  }
});

Deno.test("a POST without or with a wrong CSRF token is refused with 403 and changes nothing", async () => {
  const server = await startServer();
  try {
    const c = client(server);
    await c.csrfOf("/setup");
    const missing = await c.form("/setup", {
      email: TEST_EMAIL,
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    });
    assert.equal(missing.status, 403);
    assert.match(await missing.text(), /CSRF token/);
    const wrong = await c.form("/setup", {
      email: TEST_EMAIL,
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    }, "x".repeat(32));
    assert.equal(wrong.status, 403);
    await wrong.body?.cancel();
    const [{ n }] = await server.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM users`);
    assert.equal(n, 0);

    const session = await signIn(server);
    const noToken = await fetch(`${server.url}/settings/tokens`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "name=sneaky",
    });
    assert.equal(noToken.status, 403);
    await noToken.body?.cancel();
    const [{ t }] = await server.db.all<{ t: number }>(sql`SELECT count(*) AS t FROM api_tokens`);
    assert.equal(t, 0);
  } finally {
    await server.close();
  }
});

Deno.test("login: a wrong password gets 401 with a clear message, then throttling after 5 failures", async () => {
  const server = await startServer();
  try {
    await signIn(server);
    const c = client(server);
    const csrf = await c.csrfOf("/login");
    const wrong = await c.form("/login", { email: TEST_EMAIL, password: "wrong password" }, csrf);
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /Wrong email or password\./);
    for (let i = 0; i < 4; i++) {
      await (await c.form("/login", { email: TEST_EMAIL, password: "nope nope nope" }, csrf)).body?.cancel();
    }
    const locked = await c.form("/login", { email: TEST_EMAIL, password: TEST_PASSWORD }, csrf);
    assert.equal(locked.status, 429, "even the right password waits while locked");
    assert.match(await locked.text(), /Too many failed attempts\. Try again in 15 minutes\./);
    assert.ok(
      !server.logs.some((l) => l.includes("nope nope nope") || l.includes(TEST_PASSWORD)),
      "passwords never logged",
    );
  } finally {
    await server.close();
  }
});

Deno.test("login then logout: the session stops working after logout", async () => {
  const server = await startServer();
  try {
    await signIn(server);
    const c = client(server);
    const csrf = await c.csrfOf("/login");
    const ok = await c.form(
      "/login",
      { email: TEST_EMAIL, password: TEST_PASSWORD, next: "/settings" },
      csrf,
    );
    await ok.body?.cancel();
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/settings");
    const sessionCookie = c.jar.get("chatwire_session")!;
    const pageCsrf = await c.csrfOf("/settings");
    const out = await c.form("/logout", {}, pageCsrf);
    await out.body?.cancel();
    assert.equal(out.headers.get("location"), "/login");
    const replay = await fetch(`${server.url}/settings`, {
      headers: { cookie: `chatwire_session=${sessionCookie}` },
      redirect: "manual",
    });
    await replay.body?.cancel();
    assert.equal(replay.status, 303);
    assert.match(replay.headers.get("location")!, /^\/login/);
  } finally {
    await server.close();
  }
});

Deno.test("login refuses to redirect to another site through next", async () => {
  const server = await startServer();
  try {
    await signIn(server);
    const c = client(server);
    const csrf = await c.csrfOf("/login");
    const res = await c.form("/login", {
      email: TEST_EMAIL,
      password: TEST_PASSWORD,
      next: "//evil.example.com/x",
    }, csrf);
    await res.body?.cancel();
    assert.equal(res.headers.get("location"), "/");
  } finally {
    await server.close();
  }
});

Deno.test("API tokens: shown once, stored hashed, accepted as bearer, 401 when missing, wrong or revoked", async () => {
  const server = await startServer({ env: { CHATWIRE_ADMIN_TOKEN: "env-admin-token-0123456789" } });
  try {
    const session = await signIn(server);
    const created = await postForm(server, session, "/settings/tokens", { name: "backup script" });
    assert.equal(created.status, 201);
    const token = /id="new-token">([^<]+)</.exec(await created.text())![1];
    assert.match(token, /^cw_/);
    const rows = await server.db.all<Record<string, unknown>>(sql`SELECT * FROM api_tokens`);
    assert.ok(!JSON.stringify(rows).includes(token), "the database keeps only a hash");
    const list = await (await fetch(`${server.url}/settings/tokens`, { headers: { cookie: session.cookie } }))
      .text();
    assert.ok(!list.includes(token), "the token is shown only once");

    const call = (auth?: string) =>
      fetch(`${server.url}/api/v1/no-such-thing`, { headers: auth ? { authorization: auth } : {} });
    for (
      const [auth, status, error] of [
        [undefined, 401, /Missing bearer token/],
        ["Bearer wrong-token", 401, /Invalid or revoked API token/],
        ["Basic abc", 401, /Missing bearer token/],
        [`Bearer ${token}`, 404, /Not found/],
        ["Bearer env-admin-token-0123456789", 404, /Not found/],
      ] as const
    ) {
      const res = await call(auth);
      assert.equal(res.status, status, auth ?? "no Authorization header");
      assert.match(res.headers.get("content-type")!, /application\/json/);
      assert.match((await res.json()).error, error);
    }
    const [{ last }] = await server.db.all<{ last: number | null }>(
      sql`SELECT last_used_at AS last FROM api_tokens`,
    );
    assert.ok(last && last > Date.now() - 60_000, "last use recorded");

    const id = rows[0].id as number;
    await (await postForm(server, session, `/settings/tokens/${id}/revoke`, {})).body?.cancel();
    const revoked = await call(`Bearer ${token}`);
    assert.equal(revoked.status, 401);
    await revoked.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("team: an owner adds an editor, who cannot manage the team; the last owner cannot be removed", async () => {
  const server = await startServer();
  try {
    const session = await signIn(server);
    const dup = await postForm(server, session, "/settings/team", {
      email: TEST_EMAIL,
      password: "another password",
      role: "editor",
    });
    assert.equal(dup.status, 422);
    assert.match(await dup.text(), /already a member/);
    const add = await postForm(server, session, "/settings/team", {
      email: "ed@example.com",
      password: "editor password",
      role: "editor",
    });
    await add.body?.cancel();
    assert.equal(add.status, 303);
    const users = await server.db.all<{ id: number; email: string; role: string }>(
      sql`SELECT id, email, role FROM users ORDER BY id`,
    );
    assert.deepEqual(users.map((u) => [u.email, u.role]), [[TEST_EMAIL, "owner"], [
      "ed@example.com",
      "editor",
    ]]);
    const self = await postForm(server, session, `/settings/team/${users[0].id}/remove`, {});
    assert.equal(self.status, 409);
    await self.body?.cancel();
    const remove = await postForm(server, session, `/settings/team/${users[1].id}/remove`, {});
    await remove.body?.cancel();
    assert.equal(remove.status, 303);
    const [{ n }] = await server.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM users`);
    assert.equal(n, 1);
  } finally {
    await server.close();
  }
});

Deno.test("restart on an existing database keeps users, sessions and tokens and does not re-run migrations", async () => {
  const first = await startServer();
  const session = await signIn(first);
  const created = await postForm(first, session, "/settings/tokens", { name: "ci" });
  const token = /id="new-token">([^<]+)</.exec(await created.text())![1];
  const [before] = await first.db.all<{ n: number; at: number }>(
    sql`SELECT count(*) AS n, max(created_at) AS at FROM __drizzle_migrations`,
  );
  await first.close();

  const second = await startServer({ dir: first.dir });
  try {
    const [after] = await second.db.all<{ n: number; at: number }>(
      sql`SELECT count(*) AS n, max(created_at) AS at FROM __drizzle_migrations`,
    );
    assert.deepEqual(after, before);
    const page = await fetch(`${second.url}/settings`, { headers: { cookie: session.cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(TEST_EMAIL));
    const api = await fetch(`${second.url}/api/v1/unknown`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(api.status, 404);
    await api.body?.cancel();
  } finally {
    await second.close();
  }
});

Deno.test("/healthz answers 200 without authentication and with nothing secret", async () => {
  const server = await startServer();
  try {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  } finally {
    await server.close();
  }
});

Deno.test("pages carry secure headers and a content security policy", async () => {
  const server = await startServer();
  try {
    const res = await fetch(`${server.url}/login`, { redirect: "manual" });
    await res.body?.cancel();
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.ok(res.headers.get("x-request-id"));
  } finally {
    await server.close();
  }
});

Deno.test("a request body over 8 MiB is refused with 413 before it is read", async () => {
  const server = await startServer();
  try {
    const res = await fetch(`${server.url}/webhooks/whatsapp/1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Uint8Array(9 * 1024 * 1024),
    });
    assert.equal(res.status, 413);
    assert.match((await res.json()).error, /Request body too large: the limit is 8 MiB/);
  } finally {
    await server.close();
  }
});
