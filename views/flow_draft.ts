/**
 * A node being edited in the table editor: every field of every node type
 * as text, so switching the type in the form keeps what was typed. Turned
 * into a `FlowNode` and checked with the document's node schema on save.
 */
import * as v from "valibot";
import { NodeSchema } from "../engine/flow_schema.ts";
import { NODE_TYPES } from "../engine/nodes/mod.ts";
import { NODE_VIEWS, viewOf } from "./nodes/mod.ts";
import { withoutUndefined } from "./nodes/view_kind.ts";
import type { FlowNode, NodeType } from "../engine/types.ts";

export interface NodeDraft {
  id: string;
  type: NodeType;
  text: string;
  next: string;
  input: string;
  attribute: string;
  invalid: string;
  choices: { id: string; title: string; value: string; next: string }[];
  /** A choice question's choices: written ("fixed") or from a list attribute ("list"). */
  choiceSource: "fixed" | "list";
  list: { list: string; title: string; description: string; value: string; more: string };
  empty: string;
  api: string;
  routes: { status: string; next: string }[];
  others: string;
  rules: { attribute: string; op: string; value: string; next: string }[];
  else: string;
  value: string;
}

export { NODE_TYPES };

/** An empty draft of a type, for "Add node". */
export function emptyDraft(type: NodeType, id: string): NodeDraft {
  return {
    id,
    type,
    text: "",
    next: "",
    input: "text",
    attribute: "",
    invalid: "",
    choices: [],
    choiceSource: "fixed",
    list: { list: "", title: "{{item.id}}", description: "", value: "{{item.id}}", more: "" },
    empty: "",
    api: "",
    routes: [],
    others: "",
    rules: [],
    else: "",
    value: "",
  };
}

/** The draft of a stored node (its type's view in views/nodes/ fills the fields). */
export function draftFromNode(node: FlowNode): NodeDraft {
  return viewOf(node).draft(node, emptyDraft(node.type, node.id));
}

/** The node a draft describes, or the problems by field path (`text`, `choices[1].title`). */
export function nodeFromDraft(
  d: NodeDraft,
): { ok: true; node: FlowNode } | { ok: false; errors: Record<string, string> } {
  const candidate = NODE_VIEWS[d.type].candidate(d, d.id.trim());
  const parsed = v.safeParse(NodeSchema, withoutUndefined(candidate));
  if (parsed.success) return { ok: true, node: parsed.output as FlowNode };
  const errors: Record<string, string> = {};
  for (const issue of parsed.issues) errors[v.getDotPath(issue) ?? "form"] ??= issue.message;
  return { ok: false, errors };
}

/** Reads the editor form (`parseBody({ all: true })`): sub-rows arrive as repeated fields. */
export function draftFromForm(form: Record<string, string | File | (string | File)[]>): NodeDraft {
  const one = (name: string) => {
    const value = form[name];
    return String((Array.isArray(value) ? value[0] : value) ?? "");
  };
  const many = (name: string) => {
    const value = form[name];
    return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);
  };
  const type = NODE_TYPES.includes(one("type") as NodeType) ? one("type") as NodeType : "message";
  const rows = <K extends string>(prefix: string, keys: K[]) => {
    const columns = keys.map((k) => many(`${prefix}.${k}`));
    const length = Math.max(0, ...columns.map((c) => c.length));
    return Array.from(
      { length },
      (_, i) => Object.fromEntries(keys.map((k, j) => [k, columns[j][i] ?? ""])),
    ) as Record<K, string>[];
  };
  return {
    id: one("id"),
    type,
    text: one("text"),
    next: one("next"),
    input: one("input") || "text",
    attribute: one("attribute"),
    invalid: one("invalid"),
    choices: rows("choice", ["id", "title", "value", "next"]),
    choiceSource: one("choiceSource") === "list" ? "list" : "fixed",
    list: {
      list: one("list.list"),
      title: form["list.title"] === undefined ? "{{item.id}}" : one("list.title"),
      description: one("list.description"),
      value: form["list.value"] === undefined ? "{{item.id}}" : one("list.value"),
      more: one("list.more"),
    },
    empty: one("empty"),
    api: one("api"),
    routes: rows("route", ["status", "next"]),
    others: one("others"),
    rules: rows("rule", ["attribute", "op", "value", "next"]),
    else: one("else"),
    value: one("value"),
  };
}

/**
 * Applies a sub-row button of the form: `add-choice`, `remove-choice:2`,
 * `add-route` or `add-route:404` (a status seen in tests), `remove-route:0`,
 * `add-rule`, `remove-rule:1`. Anything else (a type change) keeps the draft.
 */
export function applyFormOp(d: NodeDraft, op: string): NodeDraft {
  const [name, arg = ""] = op.split(":");
  const at = Number(arg);
  const without = <T>(list: T[]) => list.filter((_, i) => i !== at);
  switch (name) {
    case "add-choice": {
      const n = d.choices.length + 1;
      return { ...d, choices: [...d.choices, { id: `choice_${n}`, title: "", value: "", next: "" }] };
    }
    case "remove-choice":
      return { ...d, choices: without(d.choices) };
    case "add-route":
      return { ...d, routes: [...d.routes, { status: arg, next: "" }] };
    case "remove-route":
      return { ...d, routes: without(d.routes) };
    case "add-rule":
      return { ...d, rules: [...d.rules, { attribute: "", op: "eq", value: "", next: "" }] };
    case "remove-rule":
      return { ...d, rules: without(d.rules) };
    default:
      return d;
  }
}
