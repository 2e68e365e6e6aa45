/**
 * What the Insights pages show, read from the rollups (db/insights_rollup.ts):
 * per node of a flow version, and per bot over time.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { percentile } from "../engine/insights.ts";
import type { Db } from "./client.ts";
import { apis, insightCounts } from "./schema.ts";

export const PERIODS = {
  "24h": { hours: 24, bucketHours: 1, label: "24 hours" },
  "7d": { hours: 168, bucketHours: 6, label: "7 days" },
  "30d": { hours: 720, bucketHours: 24, label: "30 days" },
} as const;
export type Period = keyof typeof PERIODS;

/** The period named in a query string, 7 days by default. */
export function periodOf(value: string | undefined): Period {
  return value !== undefined && value in PERIODS ? value as Period : "7d";
}

/** One node's figures for a period and version. */
export interface NodeInsight {
  reached: number;
  /** Conversations now waiting at this question that stopped here in the period. */
  stopped: number;
  /** API nodes: calls, routes taken, status classes, latency. */
  calls: number;
  routes: Record<string, number>;
  classes: Record<string, number>;
  p50: number | null;
  p95: number | null;
}

const HOUR = 3_600_000;

/** Per node of `version`: reached, stopped, and for API nodes routes, classes and p50/p95. */
export async function flowInsights(
  db: Db,
  botId: number,
  options: { period: Period; version: number; now?: number },
): Promise<Map<string, NodeInsight>> {
  const since = hourOf(options.now) - PERIODS[options.period].hours + 1;
  const rows = await db.select({
    kind: insightCounts.kind,
    node: insightCounts.node,
    key: insightCounts.key,
    n: sql<number>`sum(${insightCounts.n})`,
  }).from(insightCounts).where(and(
    eq(insightCounts.botId, botId),
    inArray(insightCounts.kind, ["reach", "stop", "route", "api_class", "api_lat"]),
    gte(insightCounts.hour, since),
    eq(insightCounts.version, options.version),
  )).groupBy(insightCounts.kind, insightCounts.node, insightCounts.key);
  const out = new Map<string, NodeInsight>();
  const latency = new Map<string, Map<number, number>>();
  const of = (node: string) => {
    let entry = out.get(node);
    if (!entry) {
      entry = { reached: 0, stopped: 0, calls: 0, routes: {}, classes: {}, p50: null, p95: null };
      out.set(node, entry);
    }
    return entry;
  };
  for (const r of rows) {
    const n = Number(r.n);
    const entry = of(r.node);
    if (r.kind === "reach") entry.reached += n;
    else if (r.kind === "stop") entry.stopped += n;
    else if (r.kind === "route") entry.routes[r.key] = n;
    else if (r.kind === "api_class") {
      entry.classes[r.key] = n;
      entry.calls += n;
    } else if (r.kind === "api_lat") {
      const histogram = latency.get(r.node) ?? new Map();
      histogram.set(Number(r.key), n);
      latency.set(r.node, histogram);
    }
  }
  for (const [node, histogram] of latency) {
    const entry = of(node);
    entry.p50 = percentile(histogram, 0.5);
    entry.p95 = percentile(histogram, 0.95);
  }
  return out;
}

/** One time bucket of the bot's charts. */
export interface InsightBucket {
  /** Epoch ms of the bucket's start. */
  start: number;
  in: number;
  out: number;
  /** API calls by status class (`2xx` … `5xx`, `error`). */
  calls: Record<string, number>;
}

/** One API the bot called in the period. */
export interface ApiInsight {
  apiId: number;
  name: string;
  calls: number;
  /** 5xx and no response. */
  failures: number;
  p50: number | null;
  p95: number | null;
}

/** The bot's messages in/out and API calls by class over the period, and its APIs' figures. */
export async function botInsights(
  db: Db,
  botId: number,
  options: { period: Period; now?: number },
): Promise<{ buckets: InsightBucket[]; apis: ApiInsight[] }> {
  const { hours, bucketHours } = PERIODS[options.period];
  const last = hourOf(options.now);
  const first = last - hours + 1;
  // Summed per chart bucket in SQL, and latency over the whole period: a few hundred rows, not one per hour.
  const size = bucketHours;
  const rows = await db.select({
    kind: insightCounts.kind,
    hour: sql<number>`(${insightCounts.hour} / ${sql.raw(String(size))}) * ${sql.raw(String(size))}`,
    node: insightCounts.node,
    key: insightCounts.key,
    n: sql<number>`sum(${insightCounts.n})`,
  }).from(insightCounts).where(and(
    eq(insightCounts.botId, botId),
    inArray(insightCounts.kind, ["in", "out", "call"]),
    gte(insightCounts.hour, first),
  )).groupBy(sql`1`, sql`2`, sql`3`, sql`4`);
  const latencyRows = await db.select({
    kind: insightCounts.kind,
    hour: sql<number>`0`,
    node: insightCounts.node,
    key: insightCounts.key,
    n: sql<number>`sum(${insightCounts.n})`,
  }).from(insightCounts).where(and(
    eq(insightCounts.botId, botId),
    eq(insightCounts.kind, "call_lat"),
    gte(insightCounts.hour, first),
  )).groupBy(insightCounts.node, insightCounts.key);
  const buckets: InsightBucket[] = [];
  for (let h = first - (first % bucketHours); h <= last; h += bucketHours) {
    buckets.push({ start: h * HOUR, in: 0, out: 0, calls: {} });
  }
  const bucketOf = (hour: number) => buckets[Math.floor((hour - buckets[0].start / HOUR) / bucketHours)];
  const perApi = new Map<number, { calls: number; failures: number; latency: Map<number, number> }>();
  const api = (node: string) => {
    const id = Number(node);
    let entry = perApi.get(id);
    if (!entry) perApi.set(id, entry = { calls: 0, failures: 0, latency: new Map() });
    return entry;
  };
  for (const r of [...rows, ...latencyRows]) {
    const n = Number(r.n);
    const bucket = r.kind === "call_lat" ? undefined : bucketOf(Number(r.hour));
    if (!bucket && r.kind !== "call_lat") continue;
    if (bucket && r.kind === "in") bucket.in += n;
    else if (bucket && r.kind === "out") bucket.out += n;
    else if (bucket && r.kind === "call") {
      bucket.calls[r.key] = (bucket.calls[r.key] ?? 0) + n;
      const entry = api(r.node);
      entry.calls += n;
      if (r.key === "5xx" || r.key === "error") entry.failures += n;
    } else if (r.kind === "call_lat") {
      const histogram = api(r.node).latency;
      histogram.set(Number(r.key), (histogram.get(Number(r.key)) ?? 0) + n);
    }
  }
  const ids = [...perApi.keys()];
  const names = new Map(
    ids.length === 0 ? [] : (await db.select({ id: apis.id, name: apis.name }).from(apis)
      .where(inArray(apis.id, ids))).map((a) => [a.id, a.name]),
  );
  const list = [...perApi].filter(([, e]) => e.calls > 0).map(([apiId, e]) => ({
    apiId,
    name: names.get(apiId) ?? `API ${apiId} (deleted)`,
    calls: e.calls,
    failures: e.failures,
    p50: percentile(e.latency, 0.5),
    p95: percentile(e.latency, 0.95),
  }));
  return { buckets, apis: list };
}

function hourOf(now = Date.now()): number {
  return Math.floor(now / HOUR);
}
