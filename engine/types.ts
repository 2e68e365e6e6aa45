/**
 * The shared vocabulary of Chatwire's engine: the bot document
 * (`chatwire.bot/v1`, DESIGN §4), the flow nodes (DESIGN §5), the
 * conversation state and the events and effects of the interpreter.
 *
 * Nothing here does I/O. Routes, workers and tests import these types; the
 * valibot schema of the document lives in `bot_document.ts`.
 */

export type AttributeType = "text" | "number" | "boolean";

/** A value a contact holds for an attribute (`sys.status` is a number). */
export type AttributeValue = string | number | boolean;

/** A contact's attribute values by name, `sys.*` included. */
export type AttributeValues = Record<string, AttributeValue>;

export interface AttributeDef {
  name: string;
  type: AttributeType;
  default?: AttributeValue;
  description?: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = typeof HTTP_METHODS[number];

export type ApiBody =
  | null
  | { type: "json"; template: string }
  | { type: "form"; fields: KeyValue[] }
  | { type: "text"; template: string; contentType: string };

export type ApiAuth =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "apiKey"; in: "header" | "query"; name: string; value: string }
  | { type: "basic"; username: string; password: string };

export interface Mapping {
  /** JSONPath (jsonpath-plus) over the parsed JSON response body. */
  path: string;
  attribute: string;
}

/** An API as the document holds it; secrets in `auth` are plaintext here. */
export interface ApiDef {
  name: string;
  method: HttpMethod;
  url: string;
  query: KeyValue[];
  headers: KeyValue[];
  body: ApiBody;
  auth: ApiAuth;
  /** 100–60000, default 10000. */
  timeoutMs: number;
  retry?: { attempts: number };
  mappings: Mapping[];
}

/** The masked form of a secret in exports and pages. */
export const SECRET_MASK = "********";

// ---------------------------------------------------------------- flow

export type QuestionInput = "text" | "number" | "email" | "phone" | "choice";

export interface Choice {
  id: string;
  title: string;
  value?: string;
  next?: string;
}

export interface MessageNode {
  id: string;
  type: "message";
  text: string;
  next?: string;
}

export interface QuestionNode {
  id: string;
  type: "question";
  text: string;
  input: QuestionInput;
  attribute?: string;
  choices?: Choice[];
  invalid?: string;
  next?: string;
}

export interface ApiRoute {
  /** `"200"`, `"2xx"`, `"timeout"` or `"error"`. */
  status: string;
  next: string;
}

export interface ApiNode {
  id: string;
  type: "api";
  api: string;
  routes: ApiRoute[];
  others?: string;
}

export const CONDITION_OPS = [
  "eq",
  "neq",
  "contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "empty",
  "matches",
] as const;
export type ConditionOp = typeof CONDITION_OPS[number];

export interface ConditionRule {
  attribute: string;
  op: ConditionOp;
  value?: string;
  next: string;
}

export interface ConditionNode {
  id: string;
  type: "condition";
  rules: ConditionRule[];
  else?: string;
}

export interface SetNode {
  id: string;
  type: "set";
  attribute: string;
  value: string;
  next?: string;
}

export interface EndNode {
  id: string;
  type: "end";
  text?: string;
}

export type FlowNode =
  | MessageNode
  | QuestionNode
  | ApiNode
  | ConditionNode
  | SetNode
  | EndNode;

export type NodeType = FlowNode["type"];

export interface Flow {
  start: string;
  nodes: FlowNode[];
}

export interface BotDocument {
  format: "chatwire.bot/v1";
  name: string;
  attributes: AttributeDef[];
  apis: ApiDef[];
  flow: Flow;
}

// ---------------------------------------------------------------- API calls

/**
 * What the API caller returns. Failures of the outside world are data:
 * `status` 0 with `error` set when no response came.
 */
export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at the size cap. */
  body: string;
  /** The parsed body when it was JSON (and not truncated). */
  json?: unknown;
  durationMs: number;
  /** Body bytes received (before truncation stops reading: at most cap + 1). */
  size: number;
  truncated?: boolean;
  /** Set when status is 0: why no response came. */
  error?: string;
  /** True when status is 0 because `timeoutMs` passed. */
  timedOut?: boolean;
  /** The request as sent, secrets redacted, for logs and traces. */
  request: { method: string; url: string; headers: Record<string, string> };
  attempts: number;
}

// ---------------------------------------------------------------- interpreter

/** A reply to send, independent of the channel. */
export type OutMessage =
  | { type: "text"; text: string }
  | {
    type: "buttons";
    text: string;
    buttons: { id: string; title: string }[];
  }
  | {
    type: "list";
    text: string;
    /** The label of the button that opens the list. */
    button: string;
    rows: { id: string; title: string; description?: string }[];
  };

/** Where a conversation stands between inbound messages. */
export interface Conversation {
  /** The published version (or 0 for a draft run) the conversation is pinned to. */
  version: number;
  /** `idle`: not started or ended; `waiting`: a question awaits an answer. */
  status: "idle" | "waiting" | "running";
  /** The node waiting for an answer (question) or the API node awaiting its result. */
  nodeId: string | null;
  attributes: AttributeValues;
  /** Epoch ms of the last inbound message; drives the session timeout. */
  lastActivityAt: number;
  /** Nodes run since the last inbound message (the 50-node limit). */
  nodesThisTurn: number;
}

/** An inbound user message, already turned from the channel's JSON. */
export interface InboundMessage {
  type: "message";
  /** Text typed, or the title of the button/list row picked; "" for media. */
  text: string;
  /** The id of the reply button or list row picked, when any. */
  replyId?: string;
  /** `text`, `interactive`, `button`, or the media type (`image`, …). */
  kind: string;
  /** Epoch ms. */
  at: number;
  profileName?: string;
  phone?: string;
  /** A WhatsApp Flow reply's parsed `response_json`, as JSON text: `sys.flow_response`. */
  flowResponse?: string;
}

/** The result of an API call the executor made for a `call_api` effect. */
export interface ApiResultEvent {
  type: "api_result";
  nodeId: string;
  result: ApiResult;
}

export type FlowEvent = InboundMessage | ApiResultEvent;

export type Effect =
  | { type: "send"; message: OutMessage }
  | { type: "call_api"; nodeId: string; api: string };

export type TraceEntry =
  | { type: "node"; nodeId: string; nodeType: NodeType }
  | {
    type: "api";
    nodeId: string;
    api: string;
    request: ApiResult["request"];
    status: number;
    durationMs: number;
    error?: string;
  }
  | { type: "mapping"; path: string; attribute: string; value?: AttributeValue; matched: boolean }
  | { type: "route"; nodeId: string; route: string; next: string | null }
  | { type: "set"; attribute: string; value: AttributeValue }
  | { type: "invalid"; nodeId: string; text: string }
  | { type: "restart"; reason: "new" | "ended" | "timeout" }
  | { type: "error"; message: string };

export interface StepResult {
  conversation: Conversation;
  effects: Effect[];
  trace: TraceEntry[];
}
