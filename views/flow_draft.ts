/**
 * A node being edited in the table editor: every field of every node type
 * as text, so switching the type in the form keeps what was typed. Turned
 * into a `FlowNode` and checked with the document's node schema on save.
 */
import * as v from "valibot";
import { NodeSchema } from "../engine/flow_schema.ts";
import { NODE_TYPES } from "../engine/nodes/mod.ts";
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

/** The draft of a stored node. */
export function draftFromNode(node: FlowNode): NodeDraft {
  const d = emptyDraft(node.type, node.id);
  switch (node.type) {
    case "message":
      return { ...d, text: node.text, next: node.next ?? "" };
    case "question":
      return {
        ...d,
        text: node.text,
        input: node.input,
        attribute: node.attribute ?? "",
        invalid: node.invalid ?? "",
        next: node.next ?? "",
        choices: (node.choices ?? []).map((c) => ({
          id: c.id,
          title: c.title,
          value: c.value ?? "",
          next: c.next ?? "",
        })),
        ...(node.choicesFrom
          ? {
            choiceSource: "list" as const,
            list: {
              list: node.choicesFrom.list,
              title: node.choicesFrom.title,
              description: node.choicesFrom.description ?? "",
              value: node.choicesFrom.value,
              more: node.choicesFrom.more ?? "",
            },
            empty: node.empty ?? "",
          }
          : {}),
      };
    case "api":
      return { ...d, api: node.api, routes: node.routes.map((r) => ({ ...r })), others: node.others ?? "" };
    case "condition":
      return {
        ...d,
        rules: node.rules.map((r) => ({ ...r, value: r.value ?? "" })),
        else: node.else ?? "",
      };
    case "set":
      return { ...d, attribute: node.attribute, value: node.value, next: node.next ?? "" };
    case "end":
      return { ...d, text: node.text ?? "" };
  }
}

/** The node a draft describes, or the problems by field path (`text`, `choices[1].title`). */
export function nodeFromDraft(
  d: NodeDraft,
): { ok: true; node: FlowNode } | { ok: false; errors: Record<string, string> } {
  const opt = (s: string) => s.trim() === "" ? undefined : s.trim();
  const id = d.id.trim();
  const fromList = d.type === "question" && d.input === "choice" && d.choiceSource === "list";
  let candidate: Record<string, unknown>;
  switch (d.type) {
    case "message":
      candidate = { id, type: d.type, text: d.text, next: opt(d.next) };
      break;
    case "question":
      candidate = {
        id,
        type: d.type,
        text: d.text,
        input: d.input,
        attribute: opt(d.attribute),
        choicesFrom: fromList
          ? withoutUndefined({ ...d.list, description: opt(d.list.description), more: opt(d.list.more) })
          : undefined,
        empty: fromList ? opt(d.empty) : undefined,
        choices: d.input === "choice" && !fromList
          ? d.choices.map((c) => ({
            id: c.id.trim(),
            title: c.title.trim(),
            value: opt(c.value),
            next: opt(c.next),
          }))
          : undefined,
        invalid: opt(d.invalid),
        next: opt(d.next),
      };
      break;
    case "api":
      candidate = {
        id,
        type: d.type,
        api: d.api,
        routes: d.routes.map((r) => ({ status: r.status.trim().toLowerCase(), next: r.next })),
        others: opt(d.others),
      };
      break;
    case "condition":
      candidate = {
        id,
        type: d.type,
        rules: d.rules.map((r) => ({ attribute: r.attribute, op: r.op, value: opt(r.value), next: r.next })),
        else: opt(d.else),
      };
      break;
    case "set":
      candidate = { id, type: d.type, attribute: d.attribute, value: d.value, next: opt(d.next) };
      break;
    case "end":
      candidate = { id, type: d.type, text: opt(d.text) };
      break;
  }
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

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
}
