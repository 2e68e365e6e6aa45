import type { FlowProblem } from "../engine/flow_check.ts";
import type { FlowNode } from "../engine/types.ts";

/** The labelled links of a node, in routing order: what the table and the diagram draw. */
export function targetsOf(node: FlowNode): [string, string][] {
  switch (node.type) {
    case "message":
    case "set":
      return node.next ? [["", node.next]] : [];
    case "question": {
      const out: [string, string][] = (node.choices ?? []).flatMap((c): [string, string][] =>
        c.next ? [[c.title, c.next]] : []
      );
      if (node.next) out.push([out.length > 0 ? "other choices" : "", node.next]);
      return out;
    }
    case "api": {
      const out: [string, string][] = node.routes.map((r) => [r.status, r.next]);
      if (node.others) out.push(["others", node.others]);
      return out;
    }
    case "condition": {
      const out: [string, string][] = node.rules.map((r) => [
        `${r.attribute} ${r.op}${r.value !== undefined ? ` ${r.value}` : ""}`,
        r.next,
      ]);
      if (node.else) out.push(["else", node.else]);
      return out;
    }
    case "end":
      return [];
  }
}

/** How the table and the diagram name each node type. */
export const TYPE_LABELS: Record<FlowNode["type"], string> = {
  message: "message",
  question: "question",
  api: "API call",
  condition: "condition",
  set: "set",
  end: "end",
};

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
