import type { FlowProblem } from "../engine/flow_check.ts";
import type { Flow, FlowNode } from "../engine/types.ts";
import { problemsByIndex, targetsOf, TYPE_LABELS } from "./flow_targets.ts";
import { kindOf } from "../engine/nodes/mod.ts";
import dagre from "@dagrejs/dagre";
import {
  type DiagramInsights,
  InsightsNote,
  InsightsToggle,
  type OverlayLine,
  overlayLines,
} from "./diagram_insights.tsx";

const W = 168;
const H = 58;
const GAP_X = 74;
const GAP_Y = 30;
const PAD = 24;
const FIT_WIDTH = 1400;

interface Box {
  id: string;
  x: number;
  y: number;
  node?: FlowNode;
  level?: "error" | "warning";
}

/**
 * The flow drawn as a graph, server-side SVG laid out by dagre (see
 * `layout`), missing targets as dashed ghosts. `oob` marks it for htmx's out-of-band swap so
 * it follows every edit of the table.
 */
export function FlowDiagram(
  props: { flow: Flow; problems: FlowProblem[]; oob?: boolean; botId?: number; insights?: DiagramInsights },
) {
  const data = props.insights?.data;
  const { boxes, edges, width, height } = layout(props.flow, props.problems, {
    extraHeight: data ? (node) => overlayLines(node, data.get(node.id)).length * 13 + 6 : undefined,
  });
  return (
    <div
      id="flow-diagram"
      class={data ? "flow-diagram card with-insights" : "flow-diagram card"}
      hx-swap-oob={props.oob ? "true" : undefined}
    >
      <div class="spread">
        <h2>Diagram</h2>
        {props.botId !== undefined && <InsightsToggle botId={props.botId} insights={props.insights} />}
      </div>
      {props.insights && <InsightsNote insights={props.insights} />}
      {boxes.length === 0
        ? <p class="muted">The diagram appears when the flow has nodes.</p>
        : (
          <div class="diagram-scroll">
            <svg
              xmlns="http://www.w3.org/2000/svg"
              viewBox={`0 0 ${width} ${height}`}
              // Small flows shrink to fit beside the table; big ones keep their size and scroll.
              width={width <= FIT_WIDTH ? "100%" : width}
              height={width <= FIT_WIDTH ? undefined : height}
              style={`max-width: ${width}px; --natural-width: ${width}px`}
              role="img"
              aria-label="Flow diagram"
            >
              <defs>
                <marker
                  id="arrow"
                  viewBox="0 0 10 10"
                  refX="9"
                  refY="5"
                  markerWidth="7"
                  markerHeight="7"
                  orient="auto"
                >
                  <path d="M0,0 L10,5 L0,10 z" fill="#667085" />
                </marker>
              </defs>
              {edges.map((e, i) => <Edge key={i} {...e} />)}
              {boxes.map((b) => (
                <NodeBox
                  key={b.id}
                  box={b}
                  start={b.id === props.flow.start}
                  overlay={data && b.node ? overlayLines(b.node, data.get(b.id)) : undefined}
                />
              ))}
            </svg>
          </div>
        )}
    </div>
  );
}

interface EdgeProps {
  from: Box;
  to: Box;
  label: string;
  missing: boolean;
  /** The route dagre drew, from the source box to the target box. */
  points: { x: number; y: number }[];
  /** Where dagre left room for the label. */
  labelAt: { x: number; y: number };
}

function Edge(props: EdgeProps) {
  const label = props.label.length > 18 ? props.label.slice(0, 17) + "…" : props.label;
  const { x: mx, y: my } = props.labelAt;
  return (
    <g class={props.missing ? "edge missing" : "edge"}>
      <path
        d={curveThrough(props.points)}
        fill="none"
        stroke={props.missing ? "#c0362c" : "#98a2b3"}
        stroke-width="1.5"
        stroke-dasharray={props.missing ? "5 4" : undefined}
        marker-end="url(#arrow)"
      />
      {label && (
        <>
          <rect
            x={mx - label.length * 3.4 - 4}
            y={my - 9}
            width={label.length * 6.8 + 8}
            height={16}
            rx={4}
            fill="#fff"
            stroke="#e3e6eb"
          />
          <text x={mx} y={my + 3} text-anchor="middle" font-size="11" fill="#344054">{label}</text>
        </>
      )}
    </g>
  );
}

/** A smooth path through dagre's points: quadratic curves between the midpoints. */
function curveThrough(points: { x: number; y: number }[]): string {
  const r = (n: number) => Math.round(n * 10) / 10;
  if (points.length === 0) return "";
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const next = points[i + 1];
    d += ` Q${r(p.x)},${r(p.y)} ${r((p.x + next.x) / 2)},${r((p.y + next.y) / 2)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${r(last.x)},${r(last.y)}`;
}

const COLOURS: Record<FlowNode["type"] | "missing", [string, string]> = {
  message: ["#e8f1fd", "#5b8def"],
  question: ["#f1eafd", "#8b5cf6"],
  api: ["#fff1e6", "#e8833a"],
  condition: ["#fff8d6", "#c9a400"],
  set: ["#eef0f3", "#7a8494"],
  end: ["#fdecea", "#c0362c"],
  missing: ["#fff", "#c0362c"],
};

function NodeBox(props: { box: Box; start: boolean; overlay?: OverlayLine[] }) {
  const { box } = props;
  const node = box.node;
  const [fill, stroke] = COLOURS[node?.type ?? "missing"];
  const detail = node ? detailOf(node) : "missing node";
  return (
    <g class={`node ${node?.type ?? "missing"}`} data-node={box.id}>
      <a href={node ? `#node-${box.id}` : undefined}>
        <rect
          x={box.x}
          y={box.y}
          width={W}
          height={H}
          rx={8}
          fill={fill}
          stroke={box.level === "error" ? "#c0362c" : stroke}
          stroke-width={box.level === "error" || props.start ? 2.5 : 1.5}
          stroke-dasharray={node ? undefined : "5 4"}
        />
        <text x={box.x + 10} y={box.y + 16} font-size="10" fill={stroke}>
          {node ? TYPE_LABELS[node.type].toUpperCase() : "MISSING"}
          {props.start ? " · START" : ""}
        </text>
        <text x={box.x + 10} y={box.y + 32} font-size="13" font-weight="600" fill="#1c2430">
          {clip(box.id, 20)}
        </text>
        <text x={box.x + 10} y={box.y + 48} font-size="11" fill="#667085">{clip(detail, 26)}</text>
        {box.level && (
          <text
            x={box.x + W - 16}
            y={box.y + 18}
            font-size="13"
            fill={box.level === "error" ? "#c0362c" : "#9a6700"}
          >
            !
          </text>
        )}
      </a>
      {props.overlay && (
        <g class="insight" data-insight={box.id}>
          {props.overlay.map((line, i) => (
            <text
              key={i}
              x={box.x + 4}
              y={box.y + H + 14 + i * 13}
              font-size="10.5"
              class={line.kind}
              fill={line.kind === "stopped" ? "#c0362c" : "#344054"}
            >
              {clip(line.text, 30)}
            </text>
          ))}
        </g>
      )}
    </g>
  );
}

function detailOf(node: FlowNode): string {
  return kindOf(node).summary(node);
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > n ? one.slice(0, n - 1) + "…" : one;
}

/**
 * The layout by dagre (@dagrejs/dagre, Sugiyama-style: ranks left to
 * right, crossings reduced, edges routed around boxes), then drawn here as
 * SVG. Missing targets become ghost boxes so their dashed links show.
 */
export function layout(
  flow: Flow,
  problems: FlowProblem[],
  options: { extraHeight?: (node: FlowNode) => number } = {},
) {
  // Room below a box for its Insights figures.
  const heightOf = (id: string) => {
    const node = flow.nodes.find((n) => n.id === id);
    return H + (node && options.extraHeight ? options.extraHeight(node) : 0);
  };
  const byId = new Map<string, FlowNode>();
  for (const n of flow.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const levels = new Map<string, "error" | "warning">();
  for (const [i, list] of problemsByIndex(problems)) {
    const id = flow.nodes[i]?.id;
    if (id !== undefined) levels.set(id, list.some((p) => p.level === "error") ? "error" : "warning");
  }
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: GAP_Y, ranksep: GAP_X, edgesep: 14, marginx: PAD, marginy: PAD });
  g.setDefaultEdgeLabel(() => ({}));
  // The start first, so dagre puts it in the first rank even when links come back to it.
  const ids = [...byId.keys()].sort((a, b) => Number(b === flow.start) - Number(a === flow.start));
  for (const id of ids) g.setNode(id, { width: W, height: heightOf(id) });
  const grouped: { from: string; to: string; label: string }[] = [];
  for (const node of byId.values()) {
    const labels = new Map<string, string[]>();
    for (const [label, target] of targetsOf(node)) labels.set(target, [...(labels.get(target) ?? []), label]);
    for (const [target, list] of labels) {
      if (!g.hasNode(target)) g.setNode(target, { width: W, height: H });
      const label = list.filter(Boolean).join(", ");
      const shown = Math.min(label.length, 18);
      grouped.push({ from: node.id, to: target, label });
      g.setEdge(node.id, target, {
        width: shown ? shown * 6.8 + 8 : 0,
        height: shown ? 16 : 0,
        labelpos: "c",
      }, `e${grouped.length}`);
    }
  }
  dagre.layout(g);
  const boxes = new Map<string, Box>();
  for (const id of g.nodes()) {
    const { x, y, height } = g.node(id);
    boxes.set(id, { id, x: x - W / 2, y: y - height / 2, node: byId.get(id), level: levels.get(id) });
  }
  const edges: EdgeProps[] = grouped.map((e, i) => {
    const drawn = g.edge({ v: e.from, w: e.to, name: `e${i + 1}` });
    const to = boxes.get(e.to)!;
    return {
      from: boxes.get(e.from)!,
      to,
      label: e.label,
      missing: !to.node,
      points: drawn.points ?? [],
      labelAt: { x: drawn.x ?? 0, y: drawn.y ?? 0 },
    };
  });
  const size = g.graph();
  return {
    boxes: [...boxes.values()],
    edges,
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
  };
}
