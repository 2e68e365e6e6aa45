import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, writeBatch } from "./batch.ts";
import { openDb } from "./client.ts";
import { webhookErrors } from "./schema.ts";
import { compileStatement, namesOf } from "./sql_names.ts";

Deno.test("namesOf() gives the SQL names of a table and its columns", () => {
  const names = namesOf(webhookErrors);
  assert.equal(names.$, "webhook_errors");
  assert.equal(names.channelId, "channel_id");
});

Deno.test("compileStatement(): built once, each call fills its own values", async () => {
  const database = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    const { db } = database;
    const insert = compileStatement(
      db.insert(webhookErrors).values({
        channelId: sql.placeholder("channel"),
        title: sql.placeholder("title"),
        at: 1,
      }),
    );
    const count = compileStatement(
      db.update(webhookErrors).set({ detail: sql`${sql.placeholder("detail")}` })
        .where(and(eq(webhookErrors.channelId, sql.placeholder("channel")), eq(webhookErrors.at, 1))),
    );
    await writeBatch(db, [insert({ channel: 1, title: "a" }), insert({ channel: 2, title: "b" })]);
    await writeBatch(db, [count({ channel: 2, detail: "second" })]);
    const rows = await queryRows(db, "SELECT channel_id, title, detail FROM webhook_errors ORDER BY id");
    assert.deepEqual(rows.map((r) => [r.channel_id, r.title, r.detail]), [[1, "a", null], [
      2,
      "b",
      "second",
    ]]);
  } finally {
    database.close();
  }
});
