import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { BOOKKEEPING, durableSyncs, queryRows, writeBatch } from "./batch.ts";
import { storeWebhookEvents } from "./inbound.ts";
import { type Db, openDb } from "./client.ts";
import * as schema from "./schema.ts";

/** The embedded-file engine (openDb registers it) and the client engine remote databases use. */
const ENGINES: [string, () => Promise<{ db: Db; close(): void }>][] = [
  [
    "the embedded-file connection",
    async () => await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`),
  ],
  ["the libSQL client", async () => {
    const client = createClient({ url: `file:${await Deno.makeTempFile({ suffix: ".db" })}` });
    return { db: drizzle(client, { schema }), close: () => client.close() };
  }],
];

for (const [name, open] of ENGINES) {
  Deno.test(`writeBatch() on ${name}: concurrent callers each get their own results, and one caller's failure undoes only its own writes`, async () => {
    const { db, close } = await open();
    try {
      await writeBatch(db, [{
        sql: "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
      }]);
      const [a, bad, c] = await Promise.allSettled([
        writeBatch(db, [
          { sql: "INSERT INTO t (v) VALUES (?) RETURNING id", args: ["a1"] },
          { sql: "INSERT INTO t (v) VALUES (?) RETURNING v", args: ["a2"] },
        ]),
        writeBatch(db, [
          { sql: "INSERT INTO t (v) VALUES (?)", args: ["bad1"] },
          { sql: "INSERT INTO t (v) VALUES (NULL)" },
        ]),
        writeBatch(db, [{ sql: "INSERT INTO t (v) VALUES (?) RETURNING v", args: ["c1"] }]),
      ]);
      assert.equal(a.status, "fulfilled");
      assert.equal(c.status, "fulfilled");
      assert.equal(bad.status, "rejected");
      assert.match(String((bad as PromiseRejectedResult).reason), /NOT NULL/);
      // Each caller gets the results of its own statements, in order.
      const aResults = (a as PromiseFulfilledResult<Awaited<ReturnType<typeof writeBatch>>>).value;
      assert.equal(aResults.length, 2);
      assert.equal(aResults[1].rows[0].v, "a2");
      assert.equal(
        (c as PromiseFulfilledResult<Awaited<ReturnType<typeof writeBatch>>>).value[0].rows[0].v,
        "c1",
      );
      const rows = await queryRows(db, "SELECT v FROM t ORDER BY v");
      assert.deepEqual(
        rows.map((r) => r.v),
        ["a1", "a2", "c1"],
        "the failed caller's first insert was undone",
      );
    } finally {
      close();
    }
  });
}

Deno.test("writeBatch() answers a durable write after the WAL is synced, bookkeeping without; callers of one commit share one sync", async () => {
  const { db, close } = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    await writeBatch(db, [{ sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)" }]);
    const before = durableSyncs(db);
    assert.ok(before >= 1, "a write is durable unless it says otherwise");
    await writeBatch(db, [{ sql: "INSERT INTO t (v) VALUES ('lease')" }], BOOKKEEPING);
    assert.equal(durableSyncs(db), before, "bookkeeping alone is answered without a sync");
    await Promise.all([
      writeBatch(db, [{ sql: "INSERT INTO t (v) VALUES ('turn')" }], BOOKKEEPING),
      writeBatch(db, [{ sql: "INSERT INTO t (v) VALUES ('webhook 1')" }]),
      writeBatch(db, [{ sql: "INSERT INTO t (v) VALUES ('webhook 2')" }]),
    ]);
    assert.equal(durableSyncs(db), before + 1, "the commit of two webhooks and a turn is synced once");
    // SQLite does not sync on its own (the sync runs off the event loop instead).
    assert.equal(Number(Object.values((await queryRows(db, "PRAGMA synchronous"))[0])[0]), 1);
    assert.equal((await queryRows(db, "SELECT count(*) AS n FROM t"))[0].n, 4);
  } finally {
    close();
  }
});

Deno.test("a stored webhook is synced to disk before storeWebhookEvents answers", async () => {
  const { db, close } = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    const before = durableSyncs(db);
    await storeWebhookEvents(db, 1, { inbound: [], statuses: [], errors: [] });
    assert.equal(durableSyncs(db), before + 1);
  } finally {
    close();
  }
});
