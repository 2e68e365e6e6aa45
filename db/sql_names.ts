/**
 * The one home of SQL named from db/schema.ts for the statements that go
 * through db/batch.ts's group committer (db/inbound.ts, db/outbox.ts,
 * db/turns.ts): renaming a schema field breaks the type check instead of
 * production, and no query builder runs per message — plain text built at
 * load (`namesOf`) or a drizzle statement built once and filled per call
 * (`compileStatement`).
 */
import type { InStatement, InValue } from "@libsql/client";
import {
  fillPlaceholders,
  getTableColumns,
  getTableName,
  type InferInsertModel,
  is,
  SQL,
  sql,
  type Table,
} from "drizzle-orm";
import { SQLiteAsyncDialect, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";

const dialect = new SQLiteAsyncDialect();

/** `{ field: "sql_column_name" }` for every column of `table`, and `$` its SQL name. */
export function namesOf<T extends Table>(
  table: T,
): { [K in keyof T["$inferSelect"]]: string } & { $: string } {
  const names: Record<string, string> = { $: getTableName(table) };
  for (const [field, column] of Object.entries(getTableColumns(table))) names[field] = column.name;
  return names as { [K in keyof T["$inferSelect"]]: string } & { $: string };
}

/**
 * A drizzle query (or `sql` template) built ONCE, with `sql.placeholder("name")`
 * where its values go; the function answers the statement for db/batch.ts
 * with the values filled in. Building a drizzle statement costs ~175 µs
 * (measured on the 2-core machine: `is()` checks, chunk merging); filling
 * one ~3 µs, so the hot path can name schema columns through drizzle
 * without paying its builder per message.
 *
 * @example
 * // In .set(), wrap a placeholder as sql`${sql.placeholder("at")}` (its types want an SQL).
 * const done = compileStatement(db.update(inbound).set({ status: "done" })
 *   .where(eq(inbound.id, sql.placeholder("id"))));
 * await writeBatch(db, [done({ id: 7 })]);
 */
export function compileStatement<P extends string = string>(
  query: SQL | { toSQL(): { sql: string; params: unknown[] } },
): (values: Record<P, unknown>) => InStatement {
  const { sql: text, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  return (values) => ({ sql: text, args: fillPlaceholders(params, values) as InValue[] });
}

/**
 * `INSERT INTO table (columns) SELECT values WHERE where`: a row written
 * only when `where` holds (drizzle's own insert-select wants every column
 * of the table; this takes the ones given).
 */
export function insertWhere<T extends SQLiteTable>(
  table: T,
  values: { [K in keyof InferInsertModel<T>]?: InferInsertModel<T>[K] | SQL },
  where: SQL,
): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(values) as (keyof typeof values & string)[];
  const names = sql.join(keys.map((key) => sql.identifier(columns[key].name)), sql`, `);
  const args = sql.join(keys.map((key) => sql`${values[key]}`), sql`, `);
  return sql`insert into ${table} (${names}) select ${args} where ${where}`;
}

/** `INSERT INTO table (fields…)`, built once: each of `fields` is filled from the value of its own name. */
export function compileInsert<T extends SQLiteTable, F extends keyof InferInsertModel<T> & string>(
  table: T,
  fields: F[],
): (values: Record<F, unknown>) => InStatement {
  return compileStatement(insertOf(table, fields));
}

/** compileInsert with `ON CONFLICT (target) DO UPDATE SET update = excluded.update` (DO NOTHING when empty). */
export function compileUpsert<T extends SQLiteTable, F extends keyof InferInsertModel<T> & string>(
  table: T,
  fields: F[],
  target: SQLiteColumn[],
  update: SQLiteColumn[],
): (values: Record<F, unknown>) => InStatement {
  return compileStatement(sql`${insertOf(table, fields)}${onConflict(target, update)}`);
}

function insertOf<T extends SQLiteTable>(table: T, fields: string[]): SQL {
  const values = Object.fromEntries(fields.map((field) => [field, param(field)])) as {
    [K in keyof InferInsertModel<T>]?: SQL;
  };
  return insertWhere(table, values, sql`1`);
}

/** `UPDATE table SET column = value, … WHERE where`, with the columns named by their schema fields. */
export function updateWhere<T extends SQLiteTable>(
  table: T,
  values: { [K in keyof InferInsertModel<T>]?: InferInsertModel<T>[K] | SQL },
  where: SQL,
): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(values) as (keyof typeof values & string)[];
  const set = sql.join(
    keys.map((key) => sql`${sql.identifier(columns[key].name)} = ${values[key]}`),
    sql`, `,
  );
  return sql`update ${table} set ${set} where ${where}`;
}

/** ` RETURNING column, …` (a row's field is the column's SQL name). */
export function returning(...columns: SQLiteColumn[]): SQL {
  return sql` returning ${sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)}`;
}

/** A value filled in per call of a `compileStatement` (wrapped so drizzle's value types accept it). */
export function param(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}

/** `ON CONFLICT (target) DO UPDATE SET c = excluded.c, …`, or `DO NOTHING` when `update` is empty. */
export function onConflict(target: SQLiteColumn[], update: SQLiteColumn[] = []): SQL {
  const names = sql.join(target.map((c) => sql.identifier(c.name)), sql`, `);
  if (update.length === 0) return sql` on conflict (${names}) do nothing`;
  const set = sql.join(
    update.map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  );
  return sql` on conflict (${names}) do update set ${set}`;
}
