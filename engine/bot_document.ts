/**
 * The `chatwire.bot/v1` document (DESIGN §4): its valibot schema, the
 * semantic checks of DESIGN §5–6, and secret masking for exports.
 */
import * as v from "valibot";
import { type BotDocument, CONDITION_OPS, HTTP_METHODS, SECRET_MASK } from "./types.ts";
import { jsonPathError } from "./mapping.ts";
import { mappingStatusError } from "./mapping_status.ts";
import { checkJsonTemplate } from "./template.ts";
import { attributeProblem, flowProblems, type NodeEntry } from "./flow_check.ts";
import { urlProblem } from "./bot_document_url.ts";

/** One problem of a document, e.g. `{ path: "flow.nodes[3].next", message }`. */
export interface DocumentError {
  path: string;
  message: string;
}

const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const text = (what: string) => v.pipe(v.string(), v.minLength(1, `${what} must not be empty`));
const nodeId = text("A node id");
const target = v.string();

const AttributeSchema = v.object({
  name: v.pipe(
    v.string(),
    v.regex(
      ATTRIBUTE_NAME,
      "Attribute names are lowercase letters, digits and _, start with a letter, at most 64 long",
    ),
  ),
  type: v.picklist(["text", "number", "boolean"], 'Attribute types are "text", "number" and "boolean"'),
  default: v.optional(v.union([v.string(), v.number(), v.boolean()])),
  description: v.optional(v.string()),
});

const KeyValueSchema = v.object({ key: v.string(), value: v.string() });

const BodySchema = v.nullable(
  v.variant("type", [
    v.object({
      type: v.literal("json"),
      template: v.pipe(
        v.string(),
        v.check((t) => checkJsonTemplate(t) === null, (i) => checkJsonTemplate(String(i.input)) ?? ""),
      ),
    }),
    v.object({ type: v.literal("form"), fields: v.array(KeyValueSchema) }),
    v.object({
      type: v.literal("text"),
      template: v.string(),
      contentType: v.optional(v.string(), "text/plain"),
    }),
  ], 'Body types are "json", "form" and "text" (or null for none)'),
);

const AuthSchema = v.variant("type", [
  v.object({ type: v.literal("none") }),
  v.object({ type: v.literal("bearer"), token: v.string() }),
  v.object({
    type: v.literal("apiKey"),
    in: v.picklist(["header", "query"]),
    name: text("The key name"),
    value: v.string(),
  }),
  v.object({ type: v.literal("basic"), username: v.string(), password: v.string() }),
], 'Auth types are "none", "bearer", "apiKey" and "basic"');

const ApiSchema = v.object({
  name: text("An API name"),
  method: v.picklist(HTTP_METHODS, `Methods are ${HTTP_METHODS.join(", ")}`),
  url: v.pipe(v.string(), v.check((u) => urlProblem(u) === null, (i) => urlProblem(String(i.input)) ?? "")),
  query: v.optional(v.array(KeyValueSchema), []),
  headers: v.optional(v.array(KeyValueSchema), []),
  body: v.optional(BodySchema, null),
  auth: v.optional(AuthSchema, { type: "none" }),
  timeoutMs: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(100, "The timeout is 100 to 60000 ms"),
      v.maxValue(60000, "The timeout is 100 to 60000 ms"),
    ),
    10000,
  ),
  retry: v.optional(v.object({
    attempts: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0, "Retries are 0 to 5"),
      v.maxValue(5, "Retries are 0 to 5"),
    ),
  })),
  mappings: v.optional(
    v.array(v.object({
      path: v.pipe(
        v.string(),
        v.check((p) => jsonPathError(p) === null, (i) => jsonPathError(String(i.input)) ?? ""),
      ),
      attribute: v.string(),
      status: v.optional(v.pipe(
        v.string(),
        v.check((s) => mappingStatusError(s) === null, (i) => mappingStatusError(String(i.input)) ?? ""),
      )),
      keep: v.optional(v.boolean()),
    })),
    [],
  ),
});

const ChoiceSchema = v.object({
  id: text("A choice id"),
  title: text("A choice title"),
  value: v.optional(v.string()),
  next: v.optional(target),
});

/** One flow node, by type. */
export const NodeSchema = v.variant("type", [
  v.object({
    id: nodeId,
    type: v.literal("message"),
    text: text("A message text"),
    next: v.optional(target),
  }),
  v.object({
    id: nodeId,
    type: v.literal("question"),
    text: text("A question text"),
    input: v.picklist(
      ["text", "number", "email", "phone", "choice"],
      'Inputs are "text", "number", "email", "phone" and "choice"',
    ),
    attribute: v.optional(v.string()),
    choices: v.optional(v.array(ChoiceSchema)),
    invalid: v.optional(v.string()),
    next: v.optional(target),
  }),
  v.object({
    id: nodeId,
    type: v.literal("api"),
    api: v.string(),
    routes: v.optional(v.array(v.object({ status: v.string(), next: target })), []),
    others: v.optional(target),
  }),
  v.object({
    id: nodeId,
    type: v.literal("condition"),
    rules: v.array(v.object({
      attribute: v.string(),
      op: v.picklist(CONDITION_OPS, `Operators are ${CONDITION_OPS.join(", ")}`),
      value: v.optional(v.string()),
      next: target,
    })),
    else: v.optional(target),
  }),
  v.object({
    id: nodeId,
    type: v.literal("set"),
    attribute: v.string(),
    value: v.string(),
    next: v.optional(target),
  }),
  v.object({ id: nodeId, type: v.literal("end"), text: v.optional(v.string()) }),
], 'Node types are "message", "question", "api", "condition", "set" and "end"');

/** The whole document. */
export const BotDocumentSchema = v.object({
  format: v.literal("chatwire.bot/v1", 'The format must be "chatwire.bot/v1"'),
  name: text("The bot name"),
  attributes: v.optional(v.array(AttributeSchema), []),
  apis: v.optional(v.array(ApiSchema), []),
  flow: v.object({
    start: v.string(),
    nodes: v.pipe(v.array(NodeSchema), v.minLength(1, "A flow needs at least one node")),
  }),
});

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

/** A copy with every secret (auth token, key value, password) replaced by `SECRET_MASK`. */
export function maskSecrets(document: BotDocument): BotDocument {
  return {
    ...document,
    apis: document.apis.map((api) => {
      const auth = api.auth;
      const mask = (s: string) => s === "" ? s : SECRET_MASK;
      switch (auth.type) {
        case "bearer":
          return { ...api, auth: { ...auth, token: mask(auth.token) } };
        case "apiKey":
          return { ...api, auth: { ...auth, value: mask(auth.value) } };
        case "basic":
          return { ...api, auth: { ...auth, password: mask(auth.password) } };
        default:
          return api;
      }
    }),
  };
}
