import type { FlowProblem } from "../engine/flow_check.ts";
import type { FlowNode, NodeType } from "../engine/types.ts";
import { linksOf, NODE_KINDS, NODE_TYPES } from "../engine/nodes/mod.ts";

/** The labelled links of a node, in routing order: what the table and the diagram draw. */
export function targetsOf(node: FlowNode): [string, string][] {
  return linksOf(node).filter((l) => l.target !== "").map((l) => [l.label, l.target]);
}

/** How the table and the diagram name each node type. */
export const TYPE_LABELS = Object.fromEntries(
  NODE_TYPES.map((type) => [type, NODE_KINDS[type].label]),
) as Record<NodeType, string>;

/** Problems by node index, from their `flow.nodes[3]…` paths. */
export function problemsByIndex(problems: FlowProblem[]): Map<number, FlowProblem[]> {
  const out = new Map<number, FlowProblem[]>();
  for (const p of problems) {
    const match = /^flow\.nodes\[(\d+)\]/.exec(p.path);
    if (!match) continue;
    const i = Number(match[1]);
    out.set(i, [...(out.get(i) ?? []), p]);
  }
  return out;
}
