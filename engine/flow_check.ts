/**
 * The semantic checks of a flow (DESIGN §5, WhatsApp limits of §6): what a
 * schema cannot see. Shared by `bot_document.ts` (errors refuse an import)
 * and the table editor (errors and warnings beside each node).
 */
import type { Flow, FlowNode, QuestionNode } from "./types.ts";
import { placeholdersInText } from "./placeholders.ts";
import { compileRegex } from "./nodes/condition.ts";
import { SYSTEM_ATTRIBUTES } from "./nodes/shared.ts";

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

/** WhatsApp's limits (DESIGN §6). */
export const LIMITS = { text: 4096, buttons: 3, buttonTitle: 20, listRows: 10, listTitle: 24, choiceId: 200 };

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
    for (const [path, target] of targetsOf(node)) {
      if (!ids.has(target)) add(path, pointsAtMissing(target));
    }
    for (const [path, text] of textsOf(node)) {
      const length = [...text].length;
      if (length > LIMITS.text) {
        add(path, `Texts are limited to ${LIMITS.text} characters by WhatsApp (this one has ${length})`);
      }
    }
    for (const [path, text] of templatesOf(node)) {
      for (const name of placeholdersInText(text)) {
        if (attributeProblem(name, declared, "read")) {
          add(path, `Unknown attribute "${name}" in a placeholder: it will be empty`, "warning");
        }
      }
    }
    checkNode(node, { declared, apis, add });
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
 * Why a flow may not read or write this attribute, or null. `sys.*` are
 * read-only; anything else must be declared.
 */
export function attributeProblem(name: string, declared: Set<string>, mode: "read" | "write"): string | null {
  if (name.startsWith("sys.")) {
    if (!(SYSTEM_ATTRIBUTES as readonly string[]).includes(name)) {
      return `Unknown system attribute "${name}": use one of ${SYSTEM_ATTRIBUTES.join(", ")}`;
    }
    return mode === "write" ? `Cannot write "${name}": system attributes are read-only` : null;
  }
  return declared.has(name) ? null : `Attribute "${name}" is not declared`;
}

function pointsAtMissing(target: string): string {
  return `Points at "${target}", which is not a node of this flow`;
}

function error(nodeId: string | null, path: string, message: string): FlowProblem {
  return { nodeId, path, message, level: "error" };
}

interface NodeChecks {
  declared: Set<string>;
  apis: Set<string>;
  add: (path: string, message: string, level?: FlowProblem["level"]) => void;
}

function checkNode(node: FlowNode, { declared, apis, add }: NodeChecks): void {
  if ((node.type === "question" || node.type === "set") && node.attribute !== undefined) {
    const problem = attributeProblem(node.attribute, declared, "write");
    if (problem) add(".attribute", problem);
  }
  if (node.type === "question" && node.input === "choice") checkChoices(node, add);
  if (node.type === "api") {
    if (!apis.has(node.api)) add(".api", `Names the API "${node.api}", which is not defined`);
    const seen = new Set<string>();
    for (const [i, route] of node.routes.entries()) {
      const status = route.status.trim().toLowerCase();
      if (!/^([1-5]\d\d|[1-5]xx|timeout|error)$/.test(status)) {
        add(
          `.routes[${i}].status`,
          `Route status "${route.status}" must be a code like "200", a class like "4xx", "timeout" or "error"`,
        );
      } else if (seen.has(status)) {
        add(
          `.routes[${i}].status`,
          `Another route already handles "${route.status}": this one is never taken`,
          "warning",
        );
      }
      seen.add(status);
    }
  }
  if (node.type === "condition") {
    for (const [i, rule] of node.rules.entries()) {
      const problem = attributeProblem(rule.attribute, declared, "read");
      if (problem) add(`.rules[${i}].attribute`, problem);
      if (rule.op === "matches") {
        const regex = compileRegex(rule.value ?? "");
        if (typeof regex === "string") add(`.rules[${i}].value`, regex);
      }
    }
  }
}

function checkChoices(node: QuestionNode, add: NodeChecks["add"]): void {
  const choices = node.choices ?? [];
  if (choices.length < 1 || choices.length > LIMITS.listRows) {
    add(
      ".choices",
      `A choice question needs 1 to ${LIMITS.listRows} choices (this one has ${choices.length})`,
    );
  }
  const buttons = choices.length <= LIMITS.buttons;
  const max = buttons ? LIMITS.buttonTitle : LIMITS.listTitle;
  const ids = new Set<string>();
  for (const [i, choice] of choices.entries()) {
    const length = [...choice.title].length;
    if (length > max) {
      add(
        `.choices[${i}].title`,
        `${
          buttons ? "Button" : "List row"
        } titles are limited to ${max} characters by WhatsApp (this one has ${length})`,
      );
    }
    if (ids.has(choice.id)) add(`.choices[${i}].id`, `Another choice already has the id "${choice.id}"`);
    if (choice.id.length > LIMITS.choiceId) {
      add(
        `.choices[${i}].id`,
        `Choice ids are limited to ${LIMITS.choiceId} characters (this one has ${choice.id.length})`,
      );
    }
    ids.add(choice.id);
  }
}

/** The node ids a node can go to, with their paths. */
function targetsOf(node: FlowNode): [string, string][] {
  const out: [string, string][] = [];
  const push = (path: string, target: string | undefined) => {
    if (target !== undefined) out.push([path, target]);
  };
  switch (node.type) {
    case "question":
      node.choices?.forEach((c, i) => push(`.choices[${i}].next`, c.next));
      push(".next", node.next);
      break;
    case "api":
      node.routes.forEach((r, i) => push(`.routes[${i}].next`, r.next));
      push(".others", node.others);
      break;
    case "condition":
      node.rules.forEach((r, i) => push(`.rules[${i}].next`, r.next));
      push(".else", node.else);
      break;
    case "message":
    case "set":
      push(".next", node.next);
      break;
    case "end":
      break;
  }
  return out;
}

/** The texts WhatsApp shows, with their paths. */
function textsOf(node: FlowNode): [string, string][] {
  switch (node.type) {
    case "message":
      return [[".text", node.text]];
    case "question":
      return node.invalid === undefined
        ? [[".text", node.text]]
        : [[".text", node.text], [".invalid", node.invalid]];
    case "end":
      return node.text === undefined ? [] : [[".text", node.text]];
    default:
      return [];
  }
}

/** Every template of a node (texts, set values, rule values), with their paths. */
function templatesOf(node: FlowNode): [string, string][] {
  if (node.type === "set") return [[".value", node.value]];
  if (node.type === "condition") {
    return node.rules.flatMap((r, i): [string, string][] =>
      r.value === undefined ? [] : [[`.rules[${i}].value`, r.value]]
    );
  }
  return textsOf(node);
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
    for (const [, target] of targetsOf(node)) {
      if (byId.has(target) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...byId.keys()].filter((id) => !seen.has(id));
}
