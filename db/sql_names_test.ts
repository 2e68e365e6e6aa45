import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, writeBatch } from "./batch.ts";
import { openDb } from "./client.ts";
import { settings, webhookErrors } from "./schema.ts";
import {
  compileInsert,
  compileStatement,
  compileUpsert,
  insertWhere,
  namesOf,
  onConflict,
  param,
  returning,
  updateWhere,
} from "./sql_names.ts";

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

Deno.test("insertWhere() writes only when its condition holds; onConflict() updates the named columns", async () => {
  const database = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    const { db } = database;
    const put = compileStatement(
      sql`${
        insertWhere(settings, {
          key: sql`${sql.placeholder("key")}`,
          value: sql`${sql.placeholder("value")}`,
        }, sql`${sql.placeholder("allowed")} = 1`)
      }${onConflict([settings.key], [settings.value])}`,
    );
    const keep = compileStatement(
      sql`${insertWhere(settings, { key: "kept", value: sql`${sql.placeholder("value")}` }, sql`1`)}${
        onConflict([settings.key])
      }`,
    );
    await writeBatch(db, [
      put({ key: "a", value: "1", allowed: 1 }),
      put({ key: "b", value: "1", allowed: 0 }),
      put({ key: "a", value: "2", allowed: 1 }),
      keep({ value: "first" }),
      keep({ value: "second" }),
    ]);
    const rows = await queryRows(db, "SELECT key, value FROM settings ORDER BY key");
    assert.deepEqual(rows.map((r) => [r.key, r.value]), [["a", "2"], ["kept", "first"]]);
  } finally {
    database.close();
  }
});

Deno.test("compileInsert() inserts, compileUpsert() inserts or updates the named columns; updateWhere() and returning() name schema columns", async () => {
  const database = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    const { db } = database;
    const upsert = compileUpsert(settings, ["key", "value"], [settings.key], [settings.value]);
    const insert = compileInsert(settings, ["key", "value"]);
    const rename = compileStatement(
      sql`${updateWhere(settings, { value: param("value") }, eq(settings.key, param("key")))}${
        returning(settings.key, settings.value)
      }`,
    );
    await writeBatch(db, [upsert({ key: "a", value: "1" }), upsert({ key: "a", value: "2" })]);
    await assert.rejects(writeBatch(db, [insert({ key: "a", value: "clash" })]), /UNIQUE/);
    const [renamed, missed] = await writeBatch(db, [
      rename({ key: "a", value: "3" }),
      rename({ key: "none", value: "x" }),
    ]);
    assert.deepEqual(renamed.rows.map((r) => [r.key, r.value]), [["a", "3"]]);
    assert.equal(missed.rows.length, 0);
    const rows = await queryRows(db, "SELECT key, value FROM settings");
    assert.deepEqual(rows.map((r) => [r.key, r.value]), [["a", "3"]]);
  } finally {
    database.close();
  }
});
