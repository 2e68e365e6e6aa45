// API tokens and the team: what an owner and an editor may do.
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { postForm, signIn, startServer, TEST_EMAIL } from "./harness.ts";

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
