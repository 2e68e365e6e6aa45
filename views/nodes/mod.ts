/**
 * Every node type's editor view, by type: one exhaustive table like
 * engine/nodes/mod.ts's NODE_KINDS (a missing type is a compile error).
 */
import type { FlowNode, NodeType } from "../../engine/types.ts";
import type { NodeView } from "./view_kind.ts";
import { messageView } from "./message.tsx";
import { questionView } from "./question.tsx";
import { apiView } from "./api.tsx";
import { conditionView } from "./condition.tsx";
import { setView } from "./set.tsx";
import { endView } from "./end.tsx";

export type { NodeView } from "./view_kind.ts";

export const NODE_VIEWS: { [T in NodeType]: NodeView<Extract<FlowNode, { type: T }>> } = {
  message: messageView,
  question: questionView,
  api: apiView,
  condition: conditionView,
  set: setView,
  end: endView,
};

/** The view of `node`'s type. */
export function viewOf<N extends FlowNode>(node: N): NodeView<N> {
  return NODE_VIEWS[node.type] as unknown as NodeView<N>;
}
