/**
 * Read-only counts over the outbox for the channels page and /metrics: how
 * many replies wait to go out and how many failed for good.
 */
import { count, inArray } from "drizzle-orm";
import type { Db } from "./client.ts";
import { outbox } from "./schema.ts";

/** Failed and waiting (queued or sending) replies of each channel. */
export async function outboxCountsByChannel(
  db: Db,
): Promise<Map<number, { failed: number; queued: number }>> {
  const rows = await db.select({ channelId: outbox.channelId, status: outbox.status, n: count() })
    .from(outbox).where(inArray(outbox.status, ["failed", "queued", "sending"]))
    .groupBy(outbox.channelId, outbox.status);
  const counts = new Map<number, { failed: number; queued: number }>();
  for (const row of rows) {
    const c = counts.get(row.channelId) ?? { failed: 0, queued: 0 };
    if (row.status === "failed") c.failed += row.n;
    else c.queued += row.n;
    counts.set(row.channelId, c);
  }
  return counts;
}

/** Replies not yet accepted by the Graph API: the outbox depth gauge. */
export async function outboxDepth(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(
    inArray(outbox.status, ["queued", "sending"]),
  );
  return row?.n ?? 0;
}
