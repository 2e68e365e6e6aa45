/**
 * `deno run -A bench/claim_bench.ts [--backlogs 1000,20000,100000]`: what a
 * claim costs as the backlog grows — SQLite's own count of virtual-machine
 * steps (from `sqlite_stmt`, unaffected by other work on the machine) and
 * the median time, for the claim by contact heads and, for comparison, the
 * earlier `GROUP BY` over every pending row. 1000 contacts, 128 per claim.
 */
import Database from "libsql";
import { openDb } from "../db/client.ts";
import { CLAIM_CANDIDATES_SQL } from "../db/inbound.ts";
import { CLAIM_HEADS_SQL } from "../db/outbox.ts";

const GROUP_BY_INBOUND =
  `SELECT id FROM inbound WHERE id IN (SELECT min(id) FROM inbound WHERE status = 'pending'
  GROUP BY contact_key) AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?`;
const CONTACTS = 1000;
const LIMIT = 128;

const flag = Deno.args.indexOf("--backlogs");
const backlogs = (flag >= 0 ? Deno.args[flag + 1] : "1000,20000,100000").split(",").map(Number);

console.log(`Claim cost, ${CONTACTS} contacts, ${LIMIT} per claim; load average ${loadAverage()}`);
for (const pending of backlogs) {
  const path = await Deno.makeTempFile({ suffix: ".db" });
  (await openDb(`file:${path}`)).close();
  const raw = new Database(path);
  // Rows straight in (the triggers keep the heads as the webhook's inserts would).
  raw.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${pending})
    INSERT INTO inbound (channel_id, message_id, contact_key, event, status, received_at)
    SELECT 1, 'wamid.claim.' || i, 'c' || (i % ${CONTACTS}), '{}', 'pending', 0 FROM n`);
  raw.exec(`INSERT INTO outbox (channel_id, contact_key, inbound_id, seq, message, recipient, status,
    next_attempt_at, created_at) SELECT channel_id, contact_key, id, 0, '{}', '{}', 'queued', 0, 0 FROM inbound`);
  const now = Date.now();
  const line = [`${String(pending).padStart(7)} pending:`];
  for (
    const [name, sql, args] of [
      ["inbound heads", CLAIM_CANDIDATES_SQL, [now, LIMIT]],
      ["outbox heads", CLAIM_HEADS_SQL, [now, now, LIMIT]],
      ["inbound GROUP BY (before)", GROUP_BY_INBOUND, [now, LIMIT]],
    ] as const
  ) {
    const times: number[] = [];
    let steps = 0;
    for (let i = 0; i < 21; i++) {
      const statement = raw.prepare(sql);
      const t0 = performance.now();
      statement.all([...args]);
      times.push(performance.now() - t0);
      if (i === 0) {
        steps = Number(
          (raw.prepare("SELECT nstep FROM sqlite_stmt WHERE sql = ?").get([sql]) as { nstep: number }).nstep,
        );
      }
    }
    times.sort((a, b) => a - b);
    line.push(`${name} ${steps} steps ${times[10].toFixed(3)} ms`);
  }
  console.log(line.join(" | "));
  raw.close();
  await Deno.remove(path).catch(() => {});
}

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}
