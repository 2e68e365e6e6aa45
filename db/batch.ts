/**
 * Plain SQL on the libSQL client under drizzle, for the WhatsApp hot path.
 *
 * Why not `db.transaction()`: with an embedded file every statement is a
 * synchronous call, and a write that meets another connection's open
 * transaction busy-waits on the event loop, so an interactive transaction
 * (which awaits between statements) can stall the whole process. A batch
 * runs BEGIN IMMEDIATE … COMMIT in one call: atomic, and nothing of this
 * process can interleave with it.
 */
import type { Client, InArgs, InStatement, ResultSet, Row } from "@libsql/client";
import type { Db } from "./client.ts";

/** The libSQL client drizzle wraps. */
export function sqlClient(db: Db): Client {
  return (db as unknown as { $client: Client }).$client;
}

/** Runs the statements in one write transaction; all or nothing. */
export async function writeBatch(db: Db, statements: InStatement[]): Promise<ResultSet[]> {
  if (statements.length === 0) return [];
  return await sqlClient(db).batch(statements, "write");
}

/** Runs one statement and answers its rows. */
export async function queryRows(db: Db, sql: string, args: InArgs = []): Promise<Row[]> {
  return (await sqlClient(db).execute({ sql, args })).rows;
}
