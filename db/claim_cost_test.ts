/**
 * A claim's cost must follow the messages in flight, not the backlog: the
 * claim queries are run on a backlog of 1,000 and of 20,000 rows and the
 * work SQLite did is read from its own statement counters (the `sqlite_stmt`
 * virtual table: virtual-machine steps, sorts), not from a clock.
 */
import assert from "node:assert/strict";
import Database from "libsql";
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import { openDb } from "./client.ts";
import { CLAIM_CANDIDATES_SQL, claimInbound, storeWebhookEvents } from "./inbound.ts";
import { CLAIM_HEADS_SQL } from "./outbox.ts";

const CONTACTS = 50;
const LIMIT = 128;

function event(contact: number, n: number): InboundEvent {
  const waId = `1555${String(contact).padStart(7, "0")}`;
  return {
    type: "inbound",
    phoneNumberId: "1065",
    messageId: `wamid.cost.${contact}.${n}`,
    contactKey: waId,
    waId,
    at: 1_700_000_000_000 + n,
    message: { type: "message", text: `m${n}`, kind: "text", at: 1_700_000_000_000 + n },
    summary: `m${n}`,
    replyTo: { to: waId },
  } as InboundEvent;
}

/** A database holding `pending` inbound messages and as many queued replies, spread over CONTACTS contacts. */
async function backlog(pending: number) {
  const path = await Deno.makeTempFile({ suffix: ".db" });
  const database = await openDb(`file:${path}`);
  for (let start = 0; start < pending; start += 1000) {
    const inbound = Array.from({ length: Math.min(1000, pending - start) }, (_, i) => {
      const n = start + i;
      return event(n % CONTACTS, n);
    });
    await storeWebhookEvents(database.db, 1, { inbound, statuses: [], errors: [] });
  }
  const raw = new Database(path);
  raw.exec(`INSERT INTO outbox (channel_id, contact_key, inbound_id, seq, message, recipient, status,
      next_attempt_at, created_at)
    SELECT channel_id, contact_key, id, 0, '{}', '{}', 'queued', 0, 0 FROM inbound`);
  return { database, raw, path };
}

/** Runs `sql` once on a fresh statement and answers SQLite's counters for it. */
function counters(raw: InstanceType<typeof Database>, sql: string, args: unknown[]) {
  const statement = raw.prepare(sql);
  const rows = statement.all(args);
  const [stats] = raw.prepare("SELECT nstep, nsort, nscan FROM sqlite_stmt WHERE sql = ?").all([sql]) as {
    nstep: number;
    nsort: number;
    nscan: number;
  }[];
  return { rows: rows.length, steps: Number(stats.nstep), sorts: Number(stats.nsort) };
}

Deno.test("a claim reads as many rows with 20,000 messages pending as with 1,000 (inbound and outbox)", async () => {
  const small = await backlog(1000);
  const large = await backlog(20_000);
  try {
    const now = Date.now();
    for (
      const [name, sql, args] of [
        ["inbound claim", CLAIM_CANDIDATES_SQL, [now, LIMIT]],
        ["outbox claim", CLAIM_HEADS_SQL, [now, now, LIMIT]],
      ] as const
    ) {
      const a = counters(small.raw, sql, [...args]);
      const b = counters(large.raw, sql, [...args]);
      assert.equal(a.rows, CONTACTS, `${name}: one head per contact`);
      assert.equal(b.rows, CONTACTS, `${name}: one head per contact`);
      assert.equal(b.sorts, 0, `${name}: no sort over the backlog`);
      // Twenty times the backlog; the same handful of heads read.
      assert.ok(
        b.steps <= a.steps * 1.1 + 10,
        `${name}: ${a.steps} steps at 1,000 pending, ${b.steps} at 20,000`,
      );
    }
  } finally {
    for (const x of [small, large]) {
      x.raw.close();
      x.database.close();
      await Deno.remove(x.path).catch(() => {});
    }
  }
});

Deno.test("the head moves to a contact's next pending message when its oldest is done, failed or deleted", async () => {
  const { database, raw, path } = await backlog(4 * CONTACTS);
  try {
    const owner = "test-owner";
    const first = await claimInbound(database.db, owner, { limit: 1000, leaseMs: 60_000 });
    assert.equal(first.length, CONTACTS, "one message per contact");
    assert.deepEqual(first.map((c) => c.event.messageId).slice(0, 2), ["wamid.cost.0.0", "wamid.cost.1.1"]);
    // Nothing more while the heads are leased.
    assert.equal((await claimInbound(database.db, owner, { limit: 1000, leaseMs: 60_000 })).length, 0);
    raw.prepare("UPDATE inbound SET status = 'done' WHERE id = ?").run([first[0].id]);
    raw.prepare("UPDATE inbound SET status = 'failed' WHERE id = ?").run([first[1].id]);
    raw.prepare("DELETE FROM inbound WHERE id = ?").run([first[2].id]);
    const next = await claimInbound(database.db, owner, { limit: 1000, leaseMs: 60_000 });
    assert.deepEqual(
      next.map((c) => c.event.messageId),
      ["wamid.cost.0.50", "wamid.cost.1.51", "wamid.cost.2.52"],
      "each contact's next message in arrival order",
    );
    const heads = raw.prepare(
      "SELECT count(*) AS n FROM inbound WHERE status = 'pending' AND head = 1",
    ).get([]) as { n: number };
    assert.equal(Number(heads.n), CONTACTS, "exactly one head per contact with pending messages");
  } finally {
    raw.close();
    database.close();
    await Deno.remove(path).catch(() => {});
  }
});
