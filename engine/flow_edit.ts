/**
 * The table editor's edits of a flow, as pure functions: each returns a new
 * flow and leaves the one given alone. Links are rewritten by each node
 * type's descriptor (`nodes/mod.ts`).
 */
import type { Flow, FlowNode } from "./types.ts";
import { linksOf, retargetNode } from "./nodes/mod.ts";

/**
 * Puts `node` at `index` (appends when `index` is the length). A renamed
 * node takes its links along: targets and the start follow the new id.
 * The first node of an empty flow becomes the start.
 */
export function saveNode(flow: Flow, index: number, node: FlowNode): Flow {
  const nodes = [...flow.nodes];
  const old = nodes[index]?.id;
  if (index >= nodes.length) nodes.push(node);
  else nodes[index] = node;
  let start = flow.start === "" ? node.id : flow.start;
  if (old !== undefined && old !== node.id && !nodes.some((n, i) => i !== index && n.id === old)) {
    for (const [i, n] of nodes.entries()) nodes[i] = retargetNode(n, old, node.id);
    if (start === old) start = node.id;
  }
  return { start, nodes };
}

/** Swaps a node with its neighbour above (`-1`) or below (`1`). */
export function moveNode(flow: Flow, index: number, by: -1 | 1): Flow {
  const to = index + by;
  if (index < 0 || to < 0 || to >= flow.nodes.length || index >= flow.nodes.length) return flow;
  const nodes = [...flow.nodes];
  [nodes[index], nodes[to]] = [nodes[to], nodes[index]];
  return { ...flow, nodes };
}

/** Inserts a copy below the node, under a new id (`ask_copy`, `ask_copy2` …). */
export function duplicateNode(flow: Flow, index: number): Flow {
  const node = flow.nodes[index];
  if (!node) return flow;
  const copy = { ...structuredClone(node), id: uniqueId(flow, `${node.id}_copy`) };
  const nodes = [...flow.nodes];
  nodes.splice(index + 1, 0, copy);
  return { ...flow, nodes };
}

/**
 * Removes a node. Links to it are kept (and shown as errors) so the admin
 * sees what pointed there; a removed start moves to the first node.
 */
export function deleteNode(flow: Flow, index: number): Flow {
  const node = flow.nodes[index];
  if (!node) return flow;
  const nodes = flow.nodes.filter((_, i) => i !== index);
  const start = flow.start === node.id ? nodes[0]?.id ?? "" : flow.start;
  return { start, nodes };
}

/** `base`, or `base2`, `base3` … whichever no node has yet. */
export function uniqueId(flow: Flow, base: string): string {
  const ids = new Set(flow.nodes.map((n) => n.id));
  if (!ids.has(base)) return base;
  let n = 2;
  while (ids.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/** A link target that asks for a new node of that type: `+new:message`. */
export const NEW_TARGET_PREFIX = "+new:";

/** The node types a target dropdown can create on the spot. */
export const NEW_TARGETS = ["message", "question", "end"] as const;

/**
 * Creates the nodes the node at `index` asks for with `+new:<type>` links,
 * appended after it under fresh ids (`message2` …), and links them.
 */
export function linkNewNodes(flow: Flow, index: number): Flow {
  let node = flow.nodes[index];
  if (!node) return flow;
  const nodes = [...flow.nodes];
  for (const { target, label } of linksOf(node)) {
    if (!target.startsWith(NEW_TARGET_PREFIX)) continue;
    const type = target.slice(NEW_TARGET_PREFIX.length) as typeof NEW_TARGETS[number];
    if (!NEW_TARGETS.includes(type)) continue;
    const id = uniqueId({ start: flow.start, nodes }, type);
    nodes.push(freshNode(type, id, label));
    node = retargetNode(node, target, id);
  }
  nodes[index] = node;
  return { ...flow, nodes };
}

/** A node to edit next; an end for an API's "others" says sorry, so failures never go unanswered. */
function freshNode(type: typeof NEW_TARGETS[number], id: string, label: string): FlowNode {
  if (type === "message") return { id, type, text: "New message: edit me" };
  if (type === "question") return { id, type, text: "New question: edit me", input: "text" };
  return label === "others"
    ? { id, type: "end", text: "Sorry, something went wrong on our side. Please try again later." }
    : { id, type: "end" };
}
