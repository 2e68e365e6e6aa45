/**
 * What Insights counts from one turn's trace, and the latency histogram
 * that p50/p95 come from. Pure: db/insights_rollup.ts adds the counts up
 * per hour, views draw them.
 */
import type { TraceEntry } from "./types.ts";

/** The facts of one turn that Insights keeps. */
export interface TurnFacts {
  /** Nodes the turn ran, each once. */
  reached: string[];
  /** The question the conversation waits at after the turn, if it waits. */
  stop?: string;
  /** API calls: node, status class (`2xx`…, `error` for no response) and latency bucket. */
  calls: { nodeId: string; statusClass: string; bucket: number }[];
  /** Routes API nodes took (`200`, `4xx`, `others`, `none`). */
  routes: { nodeId: string; route: string }[];
}

/** The status class of a code: `2xx`…`5xx`, `error` when no response came (0). */
export function statusClassOf(status: number): string {
  return status >= 100 && status < 600 ? `${String(status)[0]}xx` : "error";
}

/** Reads a turn's trace. A question answered invalidly still holds the conversation. */
export function turnFacts(trace: TraceEntry[]): TurnFacts {
  const reached = new Set<string>();
  const calls: TurnFacts["calls"] = [];
  const routes: TurnFacts["routes"] = [];
  let at: { id: string; waits: boolean } | undefined;
  for (const entry of trace) {
    if (entry.type === "node") {
      reached.add(entry.nodeId);
      at = { id: entry.nodeId, waits: entry.nodeType === "question" };
    } else if (entry.type === "invalid") {
      at = { id: entry.nodeId, waits: true };
    } else if (entry.type === "api") {
      calls.push({
        nodeId: entry.nodeId,
        statusClass: statusClassOf(entry.status),
        bucket: latencyBucket(entry.durationMs),
      });
    } else if (entry.type === "route") {
      routes.push({ nodeId: entry.nodeId, route: entry.route });
    } else if (entry.type === "restart") {
      at = undefined;
    }
  }
  return { reached: [...reached], ...(at?.waits ? { stop: at.id } : {}), calls, routes };
}

const BASE = 1.25;

/** The histogram bucket of a latency: bucket b holds (1.25^(b-1), 1.25^b] ms, 0 holds 0–1 ms. */
export function latencyBucket(ms: number): number {
  return ms <= 1 ? 0 : Math.ceil(Math.log(ms) / Math.log(BASE));
}

/** The upper bound of a bucket, in ms (what a percentile falling in it is shown as). */
export function bucketUpperMs(bucket: number): number {
  return bucket <= 0 ? 1 : Math.round(BASE ** bucket);
}

/** The `p` (0–1) percentile of a histogram (bucket → count), as the bucket's upper bound; null when empty. */
export function percentile(histogram: Map<number, number>, p: number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return null;
}
