/**
 * Statements built from the schema (so its column names are type checked),
 * turned into the plain statements db/batch.ts's group committer runs.
 */
import type { InStatement, InValue } from "@libsql/client";
import { getTableColumns, type InferInsertModel, is, SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";

const dialect = new SQLiteAsyncDialect();

/** The statement of a drizzle query (`db.update(…)…`) or of an `sql` template, for `writeBatch`. */
export function statementOf(query: SQL | { toSQL(): { sql: string; params: unknown[] } }): InStatement {
  const { sql, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  return { sql, args: params as InValue[] };
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
