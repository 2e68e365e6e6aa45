/**
 * The smaller findings of issue 9 (items 8 and 10), each named after the
 * attack it stops.
 */
import assert from "node:assert/strict";
import { users } from "../db/schema.ts";
import { signIn, startServer, TEST_EMAIL, TEST_PASSWORD, type TestServer } from "./harness.ts";

const CSRF = "t".repeat(40);

function formPost(server: TestServer, path: string, fields: Record<string, string>, cookie = "") {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: `chatwire_csrf=${CSRF}${cookie ? `; ${cookie}` : ""}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ _csrf: CSRF, ...fields }),
  });
}

Deno.test("setup race: four concurrent POST /setup create exactly one owner, the others get the login page", async () => {
  const server = await startServer({ workers: false });
  try {
    const responses = await Promise.all([0, 1, 2, 3].map((i) =>
      formPost(server, "/setup", {
        email: `owner${i}@example.com`,
        password: TEST_PASSWORD,
        confirm: TEST_PASSWORD,
      })
    ));
    for (const res of responses) await res.body?.cancel();
    const locations = responses.map((r) => `${r.status} ${r.headers.get("location")}`).sort();
    assert.deepEqual(locations, ["303 /", "303 /login", "303 /login", "303 /login"]);
    const rows = await server.db.select().from(users);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].role, "owner");
  } finally {
    await server.close();
  }
});

Deno.test("open redirect: next=/\\t/evil.example (and its kin) after login stays on this site", async () => {
  const server = await startServer({ workers: false });
  try {
    await signIn(server);
    const cases: [string, string][] = [
      ["/\t/evil.example", "/"],
      ["/\n/evil.example/x", "/"],
      ["//evil.example", "/"],
      ["/\\evil.example", "/"],
      ["https://evil.example/", "/"],
      ["/settings?tab=team#top", "/settings?tab=team#top"],
    ];
    for (const [next, location] of cases) {
      const res = await formPost(server, "/login", { email: TEST_EMAIL, password: TEST_PASSWORD, next });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), location, JSON.stringify(next));
    }
  } finally {
    await server.close();
  }
});

Deno.test("malformed multipart: a broken body on /login or any page POST answers 400, not 500", async () => {
  const server = await startServer({ workers: false });
  try {
    const session = await signIn(server);
    const broken = [
      ["multipart/form-data; boundary=xyz", "not a multipart body at all"],
      ["multipart/form-data", "--xyz\r\n"],
    ];
    for (const [path, cookie] of [["/login", ""], ["/settings", session.cookie], ["/apis", session.cookie]]) {
      for (const [type, body] of broken) {
        const res = await fetch(`${server.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: {
            cookie: `chatwire_csrf=${CSRF}${cookie ? `; ${cookie}` : ""}`,
            "content-type": type,
            "x-csrf-token": path === "/login" ? CSRF : session.csrf,
          },
          body,
        });
        assert.equal(res.status, 400, `${path} ${type}`);
        assert.match(await res.text(), /Cannot read the form/);
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("world-readable database: the database file, its -wal and -shm are created 0600", async () => {
  const server = await startServer({ workers: false });
  try {
    await signIn(server);
    const file = server.deps.config.databaseUrl.replace(/^file:/, "");
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      const mode = (await Deno.stat(path)).mode! & 0o777;
      assert.equal(mode.toString(8), "600", path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("prototype lookup: /static/constructor and /static/toString are 404, real files 200", async () => {
  const server = await startServer({ workers: false });
  try {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const res = await fetch(`${server.url}/static/${name}`);
      await res.body?.cancel();
      assert.equal(res.status, 404, name);
    }
    const css = await fetch(`${server.url}/static/app.css`);
    await css.body?.cancel();
    assert.equal(css.status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("base tag injection: the CSP says base-uri 'none'", async () => {
  const server = await startServer({ workers: false });
  try {
    const res = await fetch(`${server.url}/login`);
    await res.body?.cancel();
    assert.match(res.headers.get("content-security-policy") ?? "", /base-uri 'none'/);
  } finally {
    await server.close();
  }
});
