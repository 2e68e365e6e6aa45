/**
 * The semantic checks of a flow (DESIGN §5, WhatsApp limits of §6): what a
 * schema cannot see. Shared by `bot_document.ts` (errors refuse an import)
 * and the table editor (errors and warnings beside each node).
 */
import type { Flow, FlowNode } from "./types.ts";
import { placeholdersInText } from "./placeholders.ts";
import { attributeProblem, LIMITS } from "./nodes/checks.ts";
import { kindOf, linksOf } from "./nodes/mod.ts";
import { closestName } from "./nodes/suggest.ts";
import { SYSTEM_ATTRIBUTES } from "./nodes/shared.ts";

export { attributeProblem, LIMITS } from "./nodes/checks.ts";

/** One problem of a flow, located by node and by document path. */
export interface FlowProblem {
  nodeId: string | null;
  path: string;
  message: string;
  level: "error" | "warning";
}

/** The APIs and attributes a flow may name (the document's and the workspace's). */
export interface FlowContext {
  apis: string[];
  attributes: string[];
}

/** A node as the document holds it; `node` is absent when the schema refused it. */
export interface NodeEntry {
  index: number;
  id?: string;
  node?: FlowNode;
}

/** Every error and warning of a flow, for the table editor. */
export function checkFlow(flow: Flow, context: FlowContext): FlowProblem[] {
  return flowProblems(flow.start, flow.nodes.map((node, index) => ({ index, id: node.id, node })), context);
}

/**
 * The problems of a flow whose nodes may be partly unparsed: refused nodes
 * still count as ids (so pointing at them is no second error) but are not
 * checked further.
 */
export function flowProblems(start: unknown, entries: NodeEntry[], context: FlowContext): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const ids = new Set<string>();
  for (const { index, id } of entries) {
    if (id === undefined) continue;
    if (ids.has(id)) {
      problems.push(error(id, `flow.nodes[${index}].id`, `Another node already has the id "${id}"`));
    }
    ids.add(id);
  }
  if (typeof start === "string" && !ids.has(start)) {
    problems.push(error(null, "flow.start", pointsAtMissing(start)));
  }
  const declared = new Set(context.attributes);
  const apis = new Set(context.apis);
  for (const { index, node } of entries) {
    if (!node) continue;
    const at = `flow.nodes[${index}]`;
    const add = (path: string, message: string, level: FlowProblem["level"] = "error") =>
      problems.push({ nodeId: node.id, path: at + path, message, level });
    const kind = kindOf(node);
    for (const { path, target } of kind.links(node)) {
      if (!ids.has(target)) add(path, pointsAtMissing(target));
    }
    for (const [path, text] of kind.texts(node)) {
      const length = [...text].length;
      if (length > LIMITS.text) {
        add(path, `Texts are limited to ${LIMITS.text} characters by WhatsApp (this one has ${length})`);
      }
    }
    for (const [path, text] of kind.templates(node)) {
      for (const name of placeholdersInText(text)) {
        if (attributeProblem(name, declared, "read")) add(path, unknownPlaceholder(name, declared));
      }
    }
    for (const [path, name] of kind.writes(node)) {
      const problem = attributeProblem(name, declared, "write");
      if (problem) add(path, problem);
    }
    for (const [path, name] of kind.reads(node)) {
      const problem = attributeProblem(name, declared, "read");
      if (problem) add(path, problem);
    }
    kind.check(node, { declared, apis, add });
  }
  for (const id of unreachable(start, entries)) {
    const entry = entries.find((e) => e.id === id)!;
    problems.push({
      nodeId: id,
      path: `flow.nodes[${entry.index}]`,
      message: "Not reachable from the start node",
      level: "warning",
    });
  }
  return problems;
}

/**
 * A placeholder naming no attribute is an error (issue 11): it would render
 * as "" in front of a customer, and is usually a typo of a declared name.
 */
function unknownPlaceholder(name: string, declared: Set<string>): string {
  const guess = closestName(name, [...declared, ...SYSTEM_ATTRIBUTES]);
  return `Unknown attribute "${name}" in a placeholder${
    guess ? `: did you mean ${guess}?` : ": declare it or fix the name"
  }`;
}

function pointsAtMissing(target: string): string {
  return `Points at "${target}", which is not a node of this flow`;
}

function error(nodeId: string | null, path: string, message: string): FlowProblem {
  return { nodeId, path, message, level: "error" };
}

/** Ids no path from the start reaches. */
function unreachable(start: unknown, entries: NodeEntry[]): string[] {
  const byId = new Map<string, NodeEntry>();
  for (const e of entries) if (e.id !== undefined && !byId.has(e.id)) byId.set(e.id, e);
  if (typeof start !== "string" || !byId.has(start)) return [];
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = byId.get(queue.pop()!)?.node;
    // A refused node's targets are unknown: do not call its successors unreachable.
    if (!node) return [];
    for (const { target } of linksOf(node)) {
      if (byId.has(target) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...byId.keys()].filter((id) => !seen.has(id));
}
