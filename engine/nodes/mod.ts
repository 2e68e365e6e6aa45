/**
 * The set of node types: one exhaustive table of descriptors (a missing
 * type is a compile error), and what the rest of Chatwire asks of a node.
 */
import type { FlowNode, NodeType } from "../types.ts";
import { placeholdersInText } from "../placeholders.ts";
import type { NodeKind, NodeLink } from "./node_kind.ts";
import { messageKind } from "./message.ts";
import { questionKind } from "./question.ts";
import { apiKind } from "./api.ts";
import { conditionKind } from "./condition.ts";
import { setKind } from "./set.ts";
import { endKind } from "./end.ts";

export type { CheckContext, Located, NodeKind, NodeLink } from "./node_kind.ts";

/** Every node type's descriptor, by type. */
export const NODE_KINDS: { [T in NodeType]: NodeKind<Extract<FlowNode, { type: T }>> } = {
  message: messageKind,
  question: questionKind,
  api: apiKind,
  condition: conditionKind,
  set: setKind,
  end: endKind,
};

/** The node types, in the order the editor offers them. */
export const NODE_TYPES = Object.keys(NODE_KINDS) as NodeType[];

/** The descriptor of a node's type. */
export function kindOf<N extends FlowNode>(node: N): NodeKind<N> {
  return NODE_KINDS[node.type] as unknown as NodeKind<N>;
}

/** A node's links to other nodes, in routing order. */
export function linksOf(node: FlowNode): NodeLink[] {
  return kindOf(node).links(node);
}

/** The node with every link to `from` pointing at `to`. */
export function retargetNode<N extends FlowNode>(node: N, from: string, to: string): N {
  return kindOf(node).retarget(node, from, to);
}

/**
 * The attributes a node reads or writes: its attribute fields and the
 * `{{name}}`s of the templates it renders (what the interpreter reads).
 */
export function attributesOfNode(node: FlowNode): string[] {
  const kind = kindOf(node);
  const names = new Set<string>();
  for (const [, name] of [...kind.writes(node), ...kind.reads(node)]) if (name !== "") names.add(name);
  for (const [, text] of kind.templates(node)) for (const name of placeholdersInText(text)) names.add(name);
  return [...names];
}

/** The names of the APIs a flow's nodes call, each once. */
export function apisOfNodes(nodes: FlowNode[]): string[] {
  return [...new Set(nodes.flatMap((node) => kindOf(node).apis(node)))];
}
