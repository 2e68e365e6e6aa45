/**
 * Secrets of APIs never rest in clear: not in any text column of any
 * table, not in the database file's bytes, not in the call log, the pages,
 * exports or the server log.
 */
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { exportApiDefs, loadApiDefs } from "../db/apis.ts";
import type { ApiDef, AttributeValues } from "../engine/types.ts";
import { callAndLog } from "../runtime/api_call.ts";
import { startFakeShop } from "./fake_shop.ts";
import { postForm, signIn, startServer } from "./harness.ts";

const SECRETS = ["tok-SECRET-bearer-5f3a", "pw-SECRET-basic-77", "key-SECRET-query-91"];

Deno.test("API secrets appear nowhere in the database, its file, the call log, pages or exports", async () => {
  const server = await startServer({ workers: false });
  const shop = await startFakeShop();
  try {
    const session = await signIn(server);
    const common = { method: "GET", bodyType: "none", keyIn: "header", timeoutMs: "5000", retry: "0" };
    const apis = [
      {
        ...common,
        name: "Bearer echo",
        url: `${shop.url}/echo/{{order_id}}`,
        authType: "bearer",
        token: SECRETS[0],
      },
      {
        ...common,
        name: "Basic echo",
        url: `${shop.url}/echo/b`,
        authType: "basic",
        username: "ada",
        password: SECRETS[1],
      },
      {
        ...common,
        name: "Key echo",
        url: `${shop.url}/echo/k`,
        authType: "apiKey",
        keyIn: "query",
        keyName: "key",
        keyValue: SECRETS[2],
      },
    ];
    const ids: number[] = [];
    for (const api of apis) {
      const res = await postForm(server, session, "/apis", api);
      assert.equal(res.status, 303);
      ids.push(Number(/\/apis\/(\d+)/.exec(res.headers.get("location")!)![1]));
    }
    const pages: string[] = [];
    for (const id of ids) {
      const test = await postForm(server, session, `/apis/${id}/test`, {
        testId: `t${id}`,
        "value:order_id": "7",
      });
      pages.push(await test.text());
    }
    // The echo answers with the request's headers and query: the secrets did go out.
    assert.equal(shop.calls[0].headers.authorization, `Bearer ${SECRETS[0]}`);
    assert.equal(shop.calls[2].query.key, SECRETS[2]);

    const call = (def: ApiDef, values: AttributeValues) =>
      callAndLog(server.deps, def, values, { source: "live", attributeTypes: {} });
    const defs = await loadApiDefs(server.db, server.deps.secrets);
    for (const def of Object.values(defs)) assert.equal((await call(def, { order_id: "8" })).status, 200);

    for (const path of ["/apis", ...ids.flatMap((id) => [`/apis/${id}`, `/apis/${id}/test`]), "/logs"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: session.cookie } });
      assert.equal(res.status, 200, path);
      pages.push(await res.text());
    }
    const exported = JSON.stringify(
      await exportApiDefs(server.db, server.deps.secrets, Object.keys(defs), { secrets: false }),
    );
    // A second connection to the same file, to read it as it is stored.
    const client = createClient({ url: server.deps.config.databaseUrl });
    const calls = await client.execute("SELECT * FROM api_calls");
    assert.equal(calls.rows.length, 6);
    for (const secret of SECRETS) {
      for (const html of pages) assert.ok(!html.includes(secret), `a page shows ${secret}`);
      assert.ok(!exported.includes(secret), `the export holds ${secret}`);
      assert.ok(!JSON.stringify(calls.rows).includes(secret), `the call log holds ${secret}`);
      assert.ok(!server.logs.join("\n").includes(secret), `the server log holds ${secret}`);
    }

    // Every text column of every table.
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    let scanned = 0;
    for (const { name } of tables.rows) {
      const columns = await client.execute(`PRAGMA table_info("${name}")`);
      for (const column of columns.rows) {
        if (!/text/i.test(String(column.type))) continue;
        const rows = await client.execute(`SELECT "${column.name}" AS v FROM "${name}"`);
        for (const row of rows.rows) {
          scanned++;
          for (const secret of SECRETS) {
            assert.ok(!String(row.v ?? "").includes(secret), `${name}.${column.name} holds ${secret}`);
          }
        }
      }
    }
    assert.ok(scanned > 20);

    // And the raw bytes of the file, after the WAL is folded into it.
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = server.deps.config.databaseUrl.replace(/^file:/, "");
    for (const path of [file, `${file}-wal`]) {
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(path);
      } catch {
        continue;
      }
      const text = new TextDecoder("latin1").decode(bytes);
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${path} holds ${secret}`);
    }
    client.close();
  } finally {
    await shop.close();
    await server.close();
  }
});
