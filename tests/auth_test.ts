import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { signIn, startServer, TEST_EMAIL, TEST_PASSWORD, type TestServer } from "./harness.ts";

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
