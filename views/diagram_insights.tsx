/**
 * The flow diagram's Insights layer: for a period and a published version,
 * how many conversations reached each node and stopped there, and for API
 * nodes the share of each route and status class with p50/p95 latency.
 */
import type { NodeInsight, Period } from "../db/insights.ts";
import { PERIODS } from "../db/insights.ts";
import type { FlowNode } from "../engine/types.ts";

export interface DiagramInsights {
  data: Map<string, NodeInsight>;
  period: Period;
  version: number;
  versions: number[];
  behind: boolean;
}

export interface OverlayLine {
  kind: "reached" | "stopped" | "routes" | "classes" | "latency";
  text: string;
}

/** The figures drawn under a node. */
export function overlayLines(node: FlowNode, insight: NodeInsight | undefined): OverlayLine[] {
  const i = insight ?? { reached: 0, stopped: 0, calls: 0, routes: {}, classes: {}, p50: null, p95: null };
  const lines: OverlayLine[] = [{ kind: "reached", text: `${i.reached} reached` }];
  if (i.stopped > 0) lines.push({ kind: "stopped", text: `${i.stopped} stopped here` });
  if (node.type === "api") {
    lines.push({ kind: "routes", text: shares(i.routes) || "no calls" });
    if (i.calls > 0) {
      lines.push({ kind: "classes", text: shares(i.classes) });
      lines.push({ kind: "latency", text: `p50 ${i.p50} ms · p95 ${i.p95} ms` });
    }
  }
  return lines;
}

function shares(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return "";
  return Object.entries(counts).sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${Math.round((n / total) * 100)}%`).join(" · ");
}

/** Show insights, or the period and version pickers and a way back. */
export function InsightsToggle(props: { botId: number; insights?: DiagramInsights }) {
  const url = `/bots/${props.botId}/insights/diagram`;
  if (!props.insights) {
    return (
      <button
        type="button"
        class="small"
        id="insights-toggle"
        aria-pressed="false"
        hx-get={url}
        hx-target="#flow-diagram"
        hx-swap="outerHTML"
      >
        Insights
      </button>
    );
  }
  const { period, version, versions } = props.insights;
  return (
    <form
      class="row insights-controls"
      hx-get={url}
      hx-target="#flow-diagram"
      hx-swap="outerHTML"
      hx-trigger="change"
    >
      <label>
        Period{" "}
        <select name="period" id="insights-period">
          {(Object.keys(PERIODS) as Period[]).map((p) => (
            <option key={p} value={p} selected={p === period}>{PERIODS[p].label}</option>
          ))}
        </select>
      </label>
      <label>
        Version{" "}
        <select name="version" id="insights-version">
          {versions.map((v) => <option key={v} value={String(v)} selected={v === version}>v{v}</option>)}
        </select>
      </label>
      <a class="button small" id="insights-toggle" aria-pressed="true" href={`/bots/${props.botId}/flow`}>
        Hide insights
      </a>
    </form>
  );
}

/** What the figures mean, above the diagram. */
export function InsightsNote(props: { insights: DiagramInsights }) {
  const { version, period, versions, behind } = props.insights;
  if (versions.length === 0) {
    return (
      <p class="alert warn">
        Nothing is published yet: Insights count the conversations of published versions.
      </p>
    );
  }
  return (
    <p class="help insights-note">
      Version {version}, last {PERIODS[period].label}: <strong>reached</strong>{" "}
      counts the turns that ran a node; <strong class="error-text">stopped here</strong>{" "}
      counts conversations still waiting at a question they stopped at in the period.
      {behind && " Still counting older conversations: reload for the rest."}
    </p>
  );
}
