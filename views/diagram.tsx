import type { FlowProblem } from "../engine/flow_check.ts";
import type { Flow, FlowNode } from "../engine/types.ts";
import { problemsByIndex, targetsOf, TYPE_LABELS } from "./flow_targets.ts";
import { kindOf } from "../engine/nodes/mod.ts";

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
 * The flow drawn as a graph, server-side SVG: columns by distance from the
 * start (breadth first), unreachable nodes in a last column, missing
 * targets as dashed ghosts. `oob` marks it for htmx's out-of-band swap so
 * it follows every edit of the table.
 */
export function FlowDiagram(props: { flow: Flow; problems: FlowProblem[]; oob?: boolean }) {
  const { boxes, edges, width, height } = layout(props.flow, props.problems);
  return (
    <div id="flow-diagram" class="flow-diagram card" hx-swap-oob={props.oob ? "true" : undefined}>
      <h2>Diagram</h2>
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
              style={`max-width: ${width}px`}
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
              {boxes.map((b) => <NodeBox key={b.id} box={b} start={b.id === props.flow.start} />)}
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
}

function Edge(props: EdgeProps) {
  const { from, to } = props;
  const x1 = from.x + W;
  const y1 = from.y + H / 2;
  const forward = to.x > from.x;
  // Backward or same-column links loop around below the boxes.
  const x2 = forward ? to.x : to.x + W / 2;
  const y2 = forward ? to.y + H / 2 : to.y + H;
  const c1 = forward ? [x1 + GAP_X / 2, y1] : [x1 + 40, Math.max(y1, y2) + 70];
  const c2 = forward ? [x2 - GAP_X / 2, y2] : [x2, Math.max(y1, y2) + 70];
  const mx = 0.125 * x1 + 0.375 * c1[0] + 0.375 * c2[0] + 0.125 * x2;
  const my = 0.125 * y1 + 0.375 * c1[1] + 0.375 * c2[1] + 0.125 * y2;
  const label = props.label.length > 18 ? props.label.slice(0, 17) + "…" : props.label;
  return (
    <g class={props.missing ? "edge missing" : "edge"}>
      <path
        d={`M${x1},${y1} C${c1[0]},${c1[1]} ${c2[0]},${c2[1]} ${x2},${y2}`}
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

const COLOURS: Record<FlowNode["type"] | "missing", [string, string]> = {
  message: ["#e8f1fd", "#5b8def"],
  question: ["#f1eafd", "#8b5cf6"],
  api: ["#fff1e6", "#e8833a"],
  condition: ["#fff8d6", "#c9a400"],
  set: ["#eef0f3", "#7a8494"],
  end: ["#fdecea", "#c0362c"],
  missing: ["#fff", "#c0362c"],
};

function NodeBox(props: { box: Box; start: boolean }) {
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

/** Columns by breadth-first depth from the start; rows in discovery order. */
export function layout(flow: Flow, problems: FlowProblem[]) {
  const byId = new Map<string, FlowNode>();
  for (const n of flow.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const depth = new Map<string, number>();
  const order: string[] = [];
  const visit = (id: string, d: number) => {
    if (depth.has(id)) return;
    depth.set(id, d);
    order.push(id);
  };
  if (byId.has(flow.start)) visit(flow.start, 0);
  for (let i = 0; i < order.length; i++) {
    const node = byId.get(order[i]);
    if (!node) continue;
    for (const [, target] of targetsOf(node)) visit(target, depth.get(order[i])! + 1);
  }
  const reached = Math.max(-1, ...depth.values());
  for (const n of flow.nodes) visit(n.id, reached + 1);
  // Targets of unreachable nodes that are missing too.
  for (const n of flow.nodes) for (const [, t] of targetsOf(n)) visit(t, depth.get(n.id)! + 1);
  const levels = new Map<string, "error" | "warning">();
  for (const [i, list] of problemsByIndex(problems)) {
    const id = flow.nodes[i]?.id;
    if (id !== undefined) levels.set(id, list.some((p) => p.level === "error") ? "error" : "warning");
  }
  const rows = new Map<number, number>();
  const boxes = new Map<string, Box>();
  for (const id of order) {
    const col = depth.get(id)!;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    boxes.set(id, {
      id,
      x: PAD + col * (W + GAP_X),
      y: PAD + row * (H + GAP_Y),
      node: byId.get(id),
      level: levels.get(id),
    });
  }
  const edges: EdgeProps[] = [];
  for (const node of byId.values()) {
    const grouped = new Map<string, string[]>();
    for (const [label, target] of targetsOf(node)) {
      grouped.set(target, [...(grouped.get(target) ?? []), label]);
    }
    for (const [target, labels] of grouped) {
      const to = boxes.get(target)!;
      edges.push({
        from: boxes.get(node.id)!,
        to,
        label: labels.filter(Boolean).join(", "),
        missing: !to.node,
      });
    }
  }
  const cols = Math.max(0, ...depth.values()) + 1;
  const maxRows = Math.max(0, ...rows.values());
  return {
    boxes: [...boxes.values()],
    edges,
    // Room on the right for the loops of links going back.
    width: PAD * 2 + cols * W + (cols - 1) * GAP_X + 40,
    height: PAD * 2 + maxRows * (H + GAP_Y) + 60,
  };
}
