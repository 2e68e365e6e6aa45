/**
 * Insights rollups: adds new turns and live API calls into `insight_counts`
 * (per bot, kind, hour, version, node and key), past the marks in
 * `insight_marks`, so the Insights pages read hundreds of rows however many
 * turns are stored. Called before a page reads them, with a budget, so a
 * first visit after an upgrade catches up over a few visits instead of
 * stalling one.
 *
 * Kinds: `in` (inbound messages), `out` (replies queued for them), `reach`
 * (node ran), `stop` (conversations now waiting at a question, counted in
 * the hour they stopped: a later turn of the contact takes it back),
 * `api_class` / `api_lat` (per API node: status class, latency bucket),
 * `route` (per API node: the route taken), `call` / `call_lat` (per API id,
 * from the call log).
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { latencyBucket, statusClassOf, type TurnFacts, turnFacts } from "../engine/insights.ts";
import type { TraceEntry } from "../engine/types.ts";
import type { Db } from "./client.ts";
import { apiCalls, insightCounts, insightMarks, outbox, turns } from "./schema.ts";

const HOUR = 3_600_000;
const BATCH = 5000;
/** Joins a rollup key's parts; node ids are free text, but never hold a NUL. */
const SEP = "\u0000";

type Key = string;
type Counts = Map<Key, number>;

/** How far the rollups got: `behind` is true when the budget ran out before the newest row. */
export interface CatchUp {
  turns: number;
  calls: number;
  behind: boolean;
}

/** Counts at most `budget` new turns and as many new calls; answers what it did. */
export async function catchUpInsights(db: Db, options: { budget?: number } = {}): Promise<CatchUp> {
  const budget = options.budget ?? 20_000;
  let done = { turns: 0, calls: 0, behind: false };
  // Where each contact waits, known from the batches counted in this call (saves a lookup per contact).
  const lastStop: StopMap = new Map();
  while (done.turns < budget) {
    if (lastStop.size > 200_000) lastStop.clear();
    const n = await turnBatch(db, Math.min(BATCH, budget - done.turns), lastStop);
    done.turns += n.rows;
    if (!n.more) break;
    if (done.turns >= budget) done.behind = true;
  }
  while (done.calls < budget) {
    const n = await callBatch(db, Math.min(BATCH, budget - done.calls));
    done.calls += n.rows;
    if (!n.more) break;
    if (done.calls >= budget) done = { ...done, behind: true };
  }
  return done;
}

async function mark(db: Db, source: string): Promise<number> {
  const row = await db.select({ lastId: insightMarks.lastId }).from(insightMarks)
    .where(eq(insightMarks.source, source));
  return row[0]?.lastId ?? 0;
}

type StopMap = Map<string, { at: number; version: number; node?: string }>;

async function turnBatch(db: Db, limit: number, lastStop: StopMap): Promise<{ rows: number; more: boolean }> {
  const from = await mark(db, "turns");
  const rows = await db.select({
    id: turns.id,
    contactId: turns.contactId,
    botId: turns.botId,
    inboundId: turns.inboundId,
    trace: turns.trace,
    at: turns.at,
    version: turns.version,
  }).from(turns).where(and(gt(turns.id, from), isNotNull(turns.inboundId))).orderBy(asc(turns.id)).limit(
    limit,
  );
  if (rows.length === 0) return { rows: 0, more: false };
  const counts: Counts = new Map();
  const add = (
    botId: number,
    kind: string,
    at: number,
    version: number,
    node: string,
    key: string,
    n = 1,
  ) => {
    const k = [botId, kind, Math.floor(at / HOUR), version, node, key].join(SEP);
    counts.set(k, (counts.get(k) ?? 0) + n);
  };
  const inboundIds = rows.map((r) => r.inboundId!);
  const replies = new Map<number, number>();
  for (let i = 0; i < inboundIds.length; i += 500) {
    const part = await db.select({ inboundId: outbox.inboundId, n: sql<number>`count(*)` }).from(outbox)
      .where(inArray(outbox.inboundId, inboundIds.slice(i, i + 500))).groupBy(outbox.inboundId);
    for (const r of part) replies.set(r.inboundId!, Number(r.n));
  }
  // Where each contact waited before this batch's first turn of theirs, to take that stop back.
  for (const row of rows) {
    const contact = `${row.botId}:${row.contactId}`;
    if (!lastStop.has(contact)) lastStop.set(contact, await previousStop(db, row, from));
    const version = row.version ?? 0;
    const before = lastStop.get(contact)!;
    if (before.node) add(row.botId, "stop", before.at, before.version, before.node, "", -1);
    const facts: TurnFacts = turnFacts(parseTrace(row.trace));
    add(row.botId, "in", row.at, version, "", "");
    const out = replies.get(row.inboundId!) ?? 0;
    if (out > 0) add(row.botId, "out", row.at, version, "", "", out);
    for (const node of facts.reached) add(row.botId, "reach", row.at, version, node, "");
    if (facts.stop) add(row.botId, "stop", row.at, version, facts.stop, "");
    for (const call of facts.calls) {
      add(row.botId, "api_class", row.at, version, call.nodeId, call.statusClass);
      add(row.botId, "api_lat", row.at, version, call.nodeId, String(call.bucket));
    }
    for (const r of facts.routes) add(row.botId, "route", row.at, version, r.nodeId, r.route);
    lastStop.set(contact, { at: row.at, version, node: facts.stop });
  }
  await write(db, counts, "turns", rows[rows.length - 1].id);
  return { rows: rows.length, more: rows.length === limit };
}

async function previousStop(
  db: Db,
  row: { contactId: number; botId: number },
  upTo: number,
): Promise<{ at: number; version: number; node?: string }> {
  const [prev] = await db.select({ trace: turns.trace, at: turns.at, version: turns.version }).from(turns)
    .where(and(
      eq(turns.contactId, row.contactId),
      eq(turns.botId, row.botId),
      // Unary + keeps SQLite on the (contact_id, at) index: walking the id range back could scan a million rows.
      sql`+${turns.id} <= ${upTo}`,
      isNotNull(turns.inboundId),
    ))
    .orderBy(desc(turns.at), desc(turns.id)).limit(1);
  if (!prev) return { at: 0, version: 0 };
  return { at: prev.at, version: prev.version ?? 0, node: turnFacts(parseTrace(prev.trace)).stop };
}

async function callBatch(db: Db, limit: number): Promise<{ rows: number; more: boolean }> {
  const from = await mark(db, "api_calls");
  const rows = await db.select({
    id: apiCalls.id,
    at: apiCalls.at,
    apiId: apiCalls.apiId,
    botId: apiCalls.botId,
    status: apiCalls.status,
    durationMs: apiCalls.durationMs,
    source: apiCalls.source,
  }).from(apiCalls).where(gt(apiCalls.id, from)).orderBy(asc(apiCalls.id)).limit(limit);
  if (rows.length === 0) return { rows: 0, more: false };
  const counts: Counts = new Map();
  for (const r of rows) {
    if (r.source !== "live" || r.botId === null) continue;
    const hour = Math.floor(r.at / HOUR);
    const node = String(r.apiId ?? 0);
    for (
      const [kind, key] of [["call", statusClassOf(r.status)], [
        "call_lat",
        String(latencyBucket(r.durationMs)),
      ]]
    ) {
      const k = [r.botId, kind, hour, 0, node, key].join(SEP);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  await write(db, counts, "api_calls", rows[rows.length - 1].id);
  return { rows: rows.length, more: rows.length === limit };
}

/** Adds the counts and moves the mark in one batch: a crash in between counts nothing twice. */
async function write(db: Db, counts: Counts, source: string, lastId: number): Promise<void> {
  const values = [...counts].filter(([, n]) => n !== 0).map(([k, n]) => {
    const [botId, kind, hour, version, node, key] = k.split(SEP);
    return { botId: Number(botId), kind, hour: Number(hour), version: Number(version), node, key, n };
  });
  const statements = [];
  for (let i = 0; i < values.length; i += 400) {
    statements.push(
      db.insert(insightCounts).values(values.slice(i, i + 400)).onConflictDoUpdate({
        target: [
          insightCounts.botId,
          insightCounts.kind,
          insightCounts.hour,
          insightCounts.version,
          insightCounts.node,
          insightCounts.key,
        ],
        set: { n: sql`${insightCounts.n} + excluded.n` },
      }),
    );
  }
  const move = db.insert(insightMarks).values({ source, lastId })
    .onConflictDoUpdate({ target: insightMarks.source, set: { lastId } });
  await db.batch([move, ...statements]);
}

function parseTrace(text: string): TraceEntry[] {
  try {
    const list = JSON.parse(text);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}
