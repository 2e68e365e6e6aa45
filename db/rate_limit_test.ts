import assert from "node:assert/strict";
import type { Db } from "./client.ts";
import { markRateLimited, MESSAGES_PER_MINUTE, overRate } from "./rate_limit.ts";
import { inbound } from "./schema.ts";
import { withDb } from "./testing.ts";

async function receive(
  db: Db,
  key: string,
  at: number,
): Promise<number> {
  const [row] = await db.insert(inbound).values({
    channelId: 1,
    messageId: crypto.randomUUID(),
    contactKey: key,
    event: "{}",
    receivedAt: at,
  }).returning({ id: inbound.id });
  return row.id;
}

Deno.test("overRate() counts a contact's last 30 messages within a minute, not other contacts' or older ones", async () => {
  await withDb(async (db) => {
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < MESSAGES_PER_MINUTE; i++) await receive(db, "a", t0 + i);
    await receive(db, "b", t0 + 40);
    assert.equal(await overRate(db, await receive(db, "b", t0 + 41), "b"), false);
    const thirtyFirst = await receive(db, "a", t0 + 50);
    assert.equal(await overRate(db, thirtyFirst, "a"), true);
    // A minute after the 30th message back (the first at t0 + 1 ms), the window has slid past it.
    assert.equal(await overRate(db, await receive(db, "a", t0 + 60_001), "a"), false);
  });
});

Deno.test("overRate() does not count messages already rate limited", async () => {
  await withDb(async (db) => {
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < MESSAGES_PER_MINUTE - 1; i++) await receive(db, "a", t0 + i);
    const limited = await receive(db, "a", t0 + 100);
    await db.update(inbound).set({ leaseOwner: "me" });
    assert.equal(await markRateLimited(db, limited, "me"), true);
    assert.equal(await markRateLimited(db, limited, "me"), false);
    assert.equal(await overRate(db, await receive(db, "a", t0 + 200), "a"), false);
  });
});
