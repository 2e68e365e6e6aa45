// The server at its edges: restart on an existing database, /healthz, security headers, body size.
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { postForm, signIn, startServer, TEST_EMAIL } from "./harness.ts";

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
