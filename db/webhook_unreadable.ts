/**
 * The webhook error log (DESIGN §6): updates that could not be read and
 * bodies refused with 400, with the reason, so an operator sees on the
 * channel page what Meta sent and why it was not taken. Only the last 50
 * per channel are kept.
 */
import type { InStatement } from "@libsql/client";
import { queryRows, writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";

export const KEPT_PER_CHANNEL = 50;

export interface UnreadableEntry {
  id: number;
  place: string;
  reason: string;
  excerpt: string;
  at: number;
}

/** Adds entries to a channel's log and drops all but its last 50. */
export async function logUnreadable(
  db: Db,
  channelId: number,
  entries: { place: string; reason: string; excerpt: string }[],
  now = Date.now(),
): Promise<void> {
  if (entries.length === 0) return;
  const kept = entries.slice(-KEPT_PER_CHANNEL);
  const statements: InStatement[] = [{
    sql: `INSERT INTO webhook_unreadable (channel_id, place, reason, excerpt, at) VALUES ${
      kept.map(() => "(?, ?, ?, ?, ?)").join(", ")
    }`,
    args: kept.flatMap((e) => [channelId, e.place, e.reason, e.excerpt, now]),
  }, {
    sql: `DELETE FROM webhook_unreadable WHERE channel_id = ? AND id <= (
      SELECT id FROM webhook_unreadable WHERE channel_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    args: [channelId, channelId, KEPT_PER_CHANNEL],
  }];
  await writeBatch(db, statements);
}

/** A channel's log, newest first. */
export async function listUnreadable(db: Db, channelId: number): Promise<UnreadableEntry[]> {
  const rows = await queryRows(
    db,
    "SELECT id, place, reason, excerpt, at FROM webhook_unreadable WHERE channel_id = ? ORDER BY id DESC LIMIT ?",
    [channelId, KEPT_PER_CHANNEL],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    place: String(r.place),
    reason: String(r.reason),
    excerpt: String(r.excerpt),
    at: Number(r.at),
  }));
}
