/**
 * Seeds what Insights reads, as the worker would have stored it: turns with
 * their traces, the replies queued for them and the call log, for the
 * DESIGN §4 example flow (ask → lookup → found / missing / broken).
 * Used by the Insights browser test and bench/insights_bench.ts.
 */
import type { InStatement } from "@libsql/client";
import { sqlClient } from "../db/batch.ts";
import type { Db } from "../db/client.ts";
import type { Flow, TraceEntry } from "../engine/types.ts";

/** The flow the seeded turns ran. */
export const SEED_FLOW: Flow = {
  start: "ask",
  nodes: [
    {
      id: "ask",
      type: "question",
      text: "Your order number?",
      input: "text",
      attribute: "order_id",
      next: "lookup",
    },
    {
      id: "lookup",
      type: "api",
      api: "Get order",
      routes: [{ status: "200", next: "found" }, { status: "404", next: "missing" }],
      others: "broken",
    },
    { id: "found", type: "message", text: "Order {{order_id}} found.", next: "ask" },
    { id: "missing", type: "message", text: "No order {{order_id}}.", next: "ask" },
    { id: "broken", type: "end", text: "Our shop is not answering, try later." },
  ],
};

export interface SeedOptions {
  botId: number;
  apiId: number;
  version: number;
  /** Conversations; each has `1 + 2 * rounds` turns at most. */
  contacts: number;
  /** Lookups per conversation (each answered turn is one). */
  rounds: number;
  /** The status the lookup of contact `c`, round `r` gets (0: no response). */
  status: (c: number, r: number) => number;
  durationMs: (c: number, r: number) => number;
  /** The newest turn's time; turns spread evenly over `spanMs` before it. */
  now: number;
  spanMs: number;
  /** First contact id and inbound id to use (several seeds in one database). */
  firstId?: number;
}

/** Inserts the turns, replies and calls; answers how many turns it wrote. */
export async function seedInsights(db: Db, o: SeedOptions): Promise<number> {
  const client = sqlClient(db);
  const first = o.firstId ?? 1;
  let turnsWritten = 0;
  let inbound = first * 1000;
  let pending: InStatement[] = [];
  const turnRows: unknown[][] = [];
  const outRows: unknown[][] = [];
  const callRows: unknown[][] = [];
  const perContact = 1 + o.rounds;
  const total = o.contacts * perContact;
  const flush = async () => {
    if (turnRows.length > 0) {
      pending.push(insert("turns (contact_id, bot_id, inbound_id, trace, changes, at, version)", turnRows));
    }
    if (outRows.length > 0) {
      pending.push(
        insert(
          "outbox (channel_id, contact_key, inbound_id, seq, message, recipient, status, created_at)",
          outRows,
        ),
      );
    }
    if (callRows.length > 0) {
      pending.push(
        insert(
          "api_calls (at, api_id, api_name, source, method, url, status, duration_ms, size, bot_id, contact_id)",
          callRows,
        ),
      );
    }
    turnRows.length = outRows.length = callRows.length = 0;
    if (pending.length > 0) await client.batch(pending, "write");
    pending = [];
  };
  // Stored in time order, as real traffic is: ids grow with time.
  const ended = new Set<number>();
  for (let t = 0; t < perContact; t++) {
    for (let c = 0; c < o.contacts; c++) {
      if (ended.has(c)) continue;
      const contactId = first + c;
      const at = o.now - o.spanMs + Math.floor(((t * o.contacts + c + 1) / total) * o.spanMs);
      const trace: TraceEntry[] = [];
      let replies = 1;
      if (t === 0) {
        trace.push({ type: "restart", reason: "new" }, { type: "node", nodeId: "ask", nodeType: "question" });
      } else {
        const status = o.status(c, t - 1);
        const durationMs = o.durationMs(c, t - 1);
        const next = status === 200 ? "found" : status === 404 ? "missing" : "broken";
        trace.push(
          { type: "node", nodeId: "lookup", nodeType: "api" },
          {
            type: "api",
            nodeId: "lookup",
            api: "Get order",
            request: { method: "GET", url: "https://shop.example/orders/1", headers: {} },
            status,
            durationMs,
          },
          { type: "route", nodeId: "lookup", route: next === "broken" ? "others" : String(status), next },
          { type: "node", nodeId: next, nodeType: next === "broken" ? "end" : "message" },
        );
        if (next === "broken") ended.add(c);
        else {
          trace.push({ type: "node", nodeId: "ask", nodeType: "question" });
          replies = 2;
        }
        callRows.push([
          at,
          o.apiId,
          "Get order",
          "live",
          "GET",
          "https://shop.example/orders/1",
          status,
          durationMs,
          120,
          o.botId,
          contactId,
        ]);
      }
      inbound++;
      turnRows.push([contactId, o.botId, inbound, JSON.stringify(trace), "{}", at, o.version]);
      for (let seq = 0; seq < replies; seq++) {
        outRows.push([1, `c${contactId}`, inbound, seq, '{"type":"text","text":"…"}', "{}", "sent", at]);
      }
      turnsWritten++;
      if (turnRows.length >= 500) {
        await flush();
      }
    }
  }
  await flush();
  return turnsWritten;
}

function insert(table: string, rows: unknown[][]): InStatement {
  const width = rows[0].length;
  const one = `(${new Array(width).fill("?").join(", ")})`;
  return {
    sql: `INSERT INTO ${table} VALUES ${rows.map(() => one).join(", ")}`,
    args: rows.flat() as (string | number)[],
  };
}
