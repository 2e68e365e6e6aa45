/**
 * Validating a `chatwire.bot/v1` document (DESIGN §4): its schema
 * (`bot_document_schema.ts`) and the semantic checks of DESIGN §5–6 that a
 * schema cannot see. Masking secrets for exports is `bot_document_mask.ts`.
 */
import * as v from "valibot";
import type { BotDocument } from "./types.ts";
import { attributeProblem, flowProblems, type NodeEntry } from "./flow_check.ts";
import { BotDocumentSchema } from "./bot_document_schema.ts";
import { NodeSchema } from "./flow_schema.ts";

export { BotDocumentSchema } from "./bot_document_schema.ts";
export { NodeSchema } from "./flow_schema.ts";
export { maskSecrets } from "./bot_document_mask.ts";

/** One problem of a document, e.g. `{ path: "flow.nodes[3].next", message }`. */
export interface DocumentError {
  path: string;
  message: string;
}

/**
 * Validates a document and lists every problem with its path. `known` names
 * workspace APIs and attributes the flow may use without carrying them.
 * Where the schema refuses parts, the semantic checks still run on the rest.
 */
export function parseBotDocument(
  input: unknown,
  known: { apis?: string[]; attributes?: string[] } = {},
): { ok: true; document: BotDocument } | { ok: false; errors: DocumentError[] } {
  const parsed = v.safeParse(BotDocumentSchema, input);
  const errors: DocumentError[] = parsed.success ? [] : parsed.issues.map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message,
  }));
  errors.push(...semanticErrors(parsed.success ? parsed.output : input, known));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, document: parsed.output satisfies BotDocument };
}

function semanticErrors(input: unknown, known: { apis?: string[]; attributes?: string[] }): DocumentError[] {
  const doc = (isObject(input) ? input : {}) as Record<string, unknown>;
  const errors: DocumentError[] = [];
  const attributes = arrayOf(doc.attributes);
  const apis = arrayOf(doc.apis);
  const attributeNames = names(attributes, "attributes", "attribute", errors);
  const apiNames = names(apis, "apis", "API", errors);
  for (const [i, a] of attributes.entries()) {
    const type = a.type === "text" ? "string" : a.type;
    if (
      a.default !== undefined && typeof a.default !== type &&
      (a.type === "text" || a.type === "number" || a.type === "boolean")
    ) {
      errors.push({
        path: `attributes[${i}].default`,
        message: `The default of a ${a.type} attribute must be a ${a.type === "text" ? "text" : a.type}`,
      });
    }
  }
  const declared = new Set([...attributeNames, ...(known.attributes ?? [])]);
  for (const [i, api] of apis.entries()) {
    for (const [j, m] of arrayOf(api.mappings).entries()) {
      if (typeof m.attribute !== "string") continue;
      const problem = attributeProblem(m.attribute, declared, "write");
      if (problem) errors.push({ path: `apis[${i}].mappings[${j}].attribute`, message: problem });
    }
  }
  const flow = isObject(doc.flow) ? doc.flow as Record<string, unknown> : {};
  const entries: NodeEntry[] = (Array.isArray(flow.nodes) ? flow.nodes : []).map((raw, index) => {
    const node = v.safeParse(NodeSchema, raw);
    const id = isObject(raw) && typeof raw.id === "string" ? raw.id : undefined;
    return node.success ? { index, id, node: node.output } : { index, id };
  });
  const context = { apis: [...apiNames, ...(known.apis ?? [])], attributes: [...declared] };
  for (const p of flowProblems(flow.start, entries, context)) {
    if (p.level === "error") errors.push({ path: p.path, message: p.message });
  }
  return errors;
}

/** The names of a list, with an error for each repeated one. */
function names(
  items: Record<string, unknown>[],
  key: string,
  what: string,
  errors: DocumentError[],
): string[] {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (typeof item.name !== "string") continue;
    if (seen.has(item.name)) {
      errors.push({ path: `${key}[${i}].name`, message: `Another ${what} is already named "${item.name}"` });
    }
    seen.add(item.name);
  }
  return [...seen];
}

/** A valibot issue path as `flow.nodes[3].next`. */
function pathOf(path: v.BaseIssue<unknown>["path"]): string {
  let out = "";
  for (const item of path ?? []) {
    const key = item.key;
    out += typeof key === "number" ? `[${key}]` : `${out === "" ? "" : "."}${String(key)}`;
  }
  return out;
}

function dedupe(errors: DocumentError[]): DocumentError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\n${e.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
