/**
 * Roles and tokens (DESIGN §7, issue 9 item 3): an editor builds but
 * cannot mint or revoke tokens, read secrets or manage channels; a token
 * acts with its user's role and dies with the user; a stored secret cannot
 * be sent to a new origin by anyone who can edit.
 */
import assert from "node:assert/strict";
import { count, eq } from "drizzle-orm";
import { createApiToken } from "../db/api_tokens.ts";
import { loadApiDefs } from "../db/apis.ts";
import { apis, apiTokens, channels } from "../db/schema.ts";
import { createSession } from "../db/sessions.ts";
import { createUser } from "../db/users.ts";
import { hashPassword } from "../security/passwords.ts";
import { postForm, signIn, startServer, type TestServer } from "./harness.ts";

const SECRET = "tok-SECRET-stored-4d2c";

async function sessionOf(server: TestServer, userId: number) {
  const token = await createSession(server.db, userId);
  const cookie = `chatwire_session=${token}`;
  const html = await (await fetch(`${server.url}/settings`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(html)![1] };
}

async function withTeam(
  fn: (t: {
    server: TestServer;
    owner: { cookie: string; csrf: string };
    editor: { cookie: string; csrf: string };
    editorId: number;
    ownerId: number;
  }) => Promise<void>,
) {
  const server = await startServer({ workers: false });
  try {
    const owner = await signIn(server);
    const ownerId = (await server.db.query.users.findFirst())!.id;
    const ed = await createUser(server.db, {
      email: "ed@example.com",
      passwordHash: await hashPassword("editor password"),
      role: "editor",
    });
    await fn({ server, owner, editor: await sessionOf(server, ed!.id), editorId: ed!.id, ownerId });
  } finally {
    await server.close();
  }
}

function api(server: TestServer, token: string, method: string, path: string, body?: unknown) {
  return fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function document(url: string, token: string) {
  return {
    format: "chatwire.bot/v1",
    name: "Orders",
    attributes: [],
    apis: [{
      name: "Get order",
      method: "GET",
      url,
      query: [],
      headers: [],
      body: null,
      auth: { type: "bearer", token },
      timeoutMs: 5000,
      mappings: [],
    }],
    flow: {
      start: "call",
      nodes: [
        { id: "call", type: "api", api: "Get order", routes: [], others: "bye" },
        { id: "bye", type: "end", text: "Bye" },
      ],
    },
  };
}

Deno.test("privilege escalation: an editor cannot mint an API token, in the pages", async () => {
  await withTeam(async ({ server, editor }) => {
    const res = await postForm(server, editor, "/settings/tokens", { name: "mine now" });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Only owners/);
    const [{ n }] = await server.db.select({ n: count() }).from(apiTokens);
    assert.equal(n, 0);
    // The page says so instead of offering a form that would be refused.
    const page = await (await fetch(`${server.url}/settings/tokens`, { headers: { cookie: editor.cookie } }))
      .text();
    assert.match(page, /Only owners create and revoke tokens/);
    assert.doesNotMatch(page, /action="\/settings\/tokens"/);
  });
});

Deno.test("privilege escalation: an editor cannot revoke anyone's token", async () => {
  await withTeam(async ({ server, owner, editor, ownerId }) => {
    const { token, row } = await createApiToken(server.db, { name: "owner's", createdBy: ownerId });
    const res = await postForm(server, editor, `/settings/tokens/${row.id}/revoke`, {});
    assert.equal(res.status, 403);
    await res.body?.cancel();
    assert.equal((await api(server, token, "GET", "/bots")).status, 200);
    const ok = await postForm(server, owner, `/settings/tokens/${row.id}/revoke`, {});
    assert.equal(ok.status, 303);
    assert.equal((await api(server, token, "GET", "/bots")).status, 401);
  });
});

Deno.test("secret theft: an editor's token cannot read secrets with ?secrets=include; an owner's can", async () => {
  await withTeam(async ({ server, editorId, ownerId }) => {
    const editorToken = (await createApiToken(server.db, { name: "ed", createdBy: editorId })).token;
    const ownerToken = (await createApiToken(server.db, { name: "own", createdBy: ownerId })).token;
    const created = await api(
      server,
      editorToken,
      "POST",
      "/bots",
      document("https://shop.example.com/o", SECRET),
    );
    assert.equal(created.status, 201, "an editor builds bots and enters new secrets");
    const { id } = await created.json();
    const refused = await api(server, editorToken, "GET", `/bots/${id}?secrets=include`);
    assert.equal(refused.status, 403);
    const body = await refused.text();
    assert.match(JSON.parse(body).error, /Only owners can read secrets/);
    assert.ok(!body.includes(SECRET));
    const masked = await (await api(server, editorToken, "GET", `/bots/${id}`)).json();
    assert.equal(masked.apis[0].auth.token, "********");
    const full = await (await api(server, ownerToken, "GET", `/bots/${id}?secrets=include`)).json();
    assert.equal(full.apis[0].auth.token, SECRET);
  });
});

Deno.test("privilege escalation: an editor cannot connect channels, in the pages or with a token", async () => {
  await withTeam(async ({ server, editor, editorId }) => {
    const token = (await createApiToken(server.db, { name: "ed", createdBy: editorId })).token;
    const viaApi = await api(server, token, "POST", "/channels", {
      type: "whatsapp",
      botId: 1,
      phoneNumberId: "1",
      accessToken: "a",
      appSecret: "b",
      verifyToken: "c",
    });
    assert.equal(viaApi.status, 403);
    await viaApi.body?.cancel();
    const viaPage = await postForm(server, editor, "/channels", { botId: "1", phoneNumberId: "1" });
    assert.equal(viaPage.status, 403);
    await viaPage.body?.cancel();
    const [{ n }] = await server.db.select({ n: count() }).from(channels);
    assert.equal(n, 0);
  });
});

Deno.test("lingering access: a removed editor's token dies with them", async () => {
  await withTeam(async ({ server, owner, editorId }) => {
    const { token } = await createApiToken(server.db, { name: "ed", createdBy: editorId });
    assert.equal((await api(server, token, "GET", "/bots")).status, 200);
    const removed = await postForm(server, owner, `/settings/team/${editorId}/remove`, {});
    assert.equal(removed.status, 303);
    const after = await api(server, token, "GET", "/bots");
    assert.equal(after.status, 401);
    await after.body?.cancel();
    const [row] = await server.db.select().from(apiTokens);
    assert.ok(row.revokedAt, "the token is marked revoked");
  });
});

Deno.test("secret redirect: a masked secret is refused when the API's origin changes, through /api/v1", async () => {
  await withTeam(async ({ server, editorId }) => {
    const token = (await createApiToken(server.db, { name: "ed", createdBy: editorId })).token;
    const { id } =
      await (await api(server, token, "POST", "/bots", document("https://shop.example.com/o", SECRET)))
        .json();
    for (
      const url of ["https://evil.example/o", "http://shop.example.com/o", "https://shop.example.com:8443/o"]
    ) {
      const moved = await api(server, token, "PUT", `/bots/${id}`, document(url, "********"));
      assert.equal(moved.status, 422, url);
      const { errors } = await moved.json();
      assert.equal(errors[0].path, "apis[0].auth.token");
      assert.match(errors[0].message, /Enter the secret again/);
    }
    const defs = await loadApiDefs(server.db, server.deps.secrets);
    assert.equal(defs["Get order"].url, "https://shop.example.com/o", "nothing was written");
    // Same origin, another path: the masked secret is kept.
    const same = await api(
      server,
      token,
      "PUT",
      `/bots/${id}`,
      document("https://shop.example.com/v2/o", "********"),
    );
    assert.equal(same.status, 200);
    await same.body?.cancel();
    const kept = (await loadApiDefs(server.db, server.deps.secrets))["Get order"].auth;
    assert.deepEqual(kept, { type: "bearer", token: SECRET });
    // A new origin with the secret typed again is fine.
    const retyped = await api(
      server,
      token,
      "PUT",
      `/bots/${id}`,
      document("https://evil.example/o", "new-token"),
    );
    assert.equal(retyped.status, 200);
    await retyped.body?.cancel();
  });
});

Deno.test("secret redirect: a masked secret is refused when the API's origin changes, in the pages", async () => {
  await withTeam(async ({ server, editor }) => {
    const fields = {
      name: "Get order",
      method: "GET",
      bodyType: "none",
      keyIn: "header",
      timeoutMs: "5000",
      retry: "0",
      authType: "bearer",
    };
    const created = await postForm(server, editor, "/apis", {
      ...fields,
      url: "https://shop.example.com/o",
      token: SECRET,
    });
    assert.equal(created.status, 303);
    const id = /\/apis\/(\d+)/.exec(created.headers.get("location")!)![1];
    // The token field left empty keeps the stored secret — but not for a new host.
    const moved = await postForm(server, editor, `/apis/${id}`, {
      ...fields,
      url: "https://evil.example/o",
      token: "",
    });
    assert.equal(moved.status, 422);
    const html = await moved.text();
    assert.match(html, /id="token-error"[^>]*>Enter the secret again/);
    const [row] = await server.db.select().from(apis).where(eq(apis.id, Number(id)));
    assert.equal(row.url, "https://shop.example.com/o");
    const same = await postForm(server, editor, `/apis/${id}`, {
      ...fields,
      url: "https://shop.example.com/v2",
      token: "",
    });
    assert.equal(same.status, 303);
    const kept = (await loadApiDefs(server.db, server.deps.secrets))["Get order"].auth;
    assert.deepEqual(kept, { type: "bearer", token: SECRET });
  });
});
