import type { ConditionNode } from "../../engine/types.ts";
import { type NodeView, opt } from "./view_kind.ts";

export const conditionView: NodeView<ConditionNode> = {
  draft: (node, d) => ({
    ...d,
    rules: node.rules.map((r) => ({ ...r, value: r.value ?? "" })),
    else: node.else ?? "",
  }),
  candidate: (d, id) => ({
    id,
    type: d.type,
    rules: d.rules.map((r) => ({ attribute: r.attribute, op: r.op, value: opt(r.value), next: r.next })),
    else: opt(d.else),
  }),
  says: (n) => (
    <p class="muted">{n.rules.length} rule{n.rules.length === 1 ? "" : "s"}, first that holds wins</p>
  ),
};
