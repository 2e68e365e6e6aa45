/**
 * Column and table names taken from db/schema.ts for the hand-written SQL
 * of the hot path (db/inbound.ts, db/outbox.ts): the statements stay plain
 * text built once at load (no query builder per message), but renaming a
 * schema field breaks the type check instead of production.
 */
import { getTableColumns, getTableName, type Table } from "drizzle-orm";

/** `{ field: "sql_column_name" }` for every column of `table`, and `$` its SQL name. */
export function namesOf<T extends Table>(
  table: T,
): { [K in keyof T["$inferSelect"]]: string } & { $: string } {
  const names: Record<string, string> = { $: getTableName(table) };
  for (const [field, column] of Object.entries(getTableColumns(table))) names[field] = column.name;
  return names as { [K in keyof T["$inferSelect"]]: string } & { $: string };
}
