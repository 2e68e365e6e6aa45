/**
 * The shared vocabulary of Chatwire's engine: the bot document
 * (`chatwire.bot/v1`, DESIGN §4), the flow nodes (DESIGN §5), the
 * conversation state and the events and effects of the interpreter.
 *
 * Nothing here does I/O. The document's types are derived from its valibot
 * schemas (`attribute_schema.ts`, `api_schema.ts`, `nodes/<type>.ts`), so a
 * shape and its bounds are stated once; they are re-exported here so that
 * imports stay simple.
 */
import type * as v from "valibot";
import type { AttributeSchema, AttributeTypeSchema, AttributeValueSchema } from "./attribute_schema.ts";
import type { ApiSchema, AuthSchema, BodySchema, KeyValueSchema, MappingSchema } from "./api_schema.ts";
import type { MessageNodeSchema } from "./nodes/message.ts";
import type { ChoiceSchema, QUESTION_INPUTS, QuestionNodeSchema } from "./nodes/question.ts";
import type { ApiNodeSchema, ApiRouteSchema } from "./nodes/api.ts";
import type { CONDITION_OPS, ConditionNodeSchema, ConditionRuleSchema } from "./nodes/condition.ts";
import type { SetNodeSchema } from "./nodes/set.ts";
import type { EndNodeSchema } from "./nodes/end.ts";
import type { FlowSchema } from "./flow_schema.ts";
import type { BotDocumentSchema } from "./bot_document_schema.ts";

export { HTTP_METHODS, SECRET_MASK } from "./api_schema.ts";
export { CONDITION_OPS } from "./nodes/condition.ts";

export type AttributeType = v.InferOutput<typeof AttributeTypeSchema>;

/** A value a contact holds for an attribute (`sys.status` is a number). */
export type AttributeValue = v.InferOutput<typeof AttributeValueSchema>;

/** A contact's attribute values by name, `sys.*` included. */
export type AttributeValues = Record<string, AttributeValue>;

export type AttributeDef = v.InferOutput<typeof AttributeSchema>;
export type KeyValue = v.InferOutput<typeof KeyValueSchema>;
export type HttpMethod = ApiDef["method"];
export type ApiBody = v.InferOutput<typeof BodySchema>;
export type ApiAuth = v.InferOutput<typeof AuthSchema>;
export type Mapping = v.InferOutput<typeof MappingSchema>;

/** An API as the document holds it; secrets in `auth` are plaintext here. */
export type ApiDef = v.InferOutput<typeof ApiSchema>;

export type QuestionInput = typeof QUESTION_INPUTS[number];
export type Choice = v.InferOutput<typeof ChoiceSchema>;
export type MessageNode = v.InferOutput<typeof MessageNodeSchema>;
export type QuestionNode = v.InferOutput<typeof QuestionNodeSchema>;
export type ApiRoute = v.InferOutput<typeof ApiRouteSchema>;
export type ApiNode = v.InferOutput<typeof ApiNodeSchema>;
export type ConditionOp = typeof CONDITION_OPS[number];
export type ConditionRule = v.InferOutput<typeof ConditionRuleSchema>;
export type ConditionNode = v.InferOutput<typeof ConditionNodeSchema>;
export type SetNode = v.InferOutput<typeof SetNodeSchema>;
export type EndNode = v.InferOutput<typeof EndNodeSchema>;

export type FlowNode =
  | MessageNode
  | QuestionNode
  | ApiNode
  | ConditionNode
  | SetNode
  | EndNode;

export type NodeType = FlowNode["type"];
export type Flow = v.InferOutput<typeof FlowSchema>;
export type BotDocument = v.InferOutput<typeof BotDocumentSchema>;

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
  /** OAuth 2.0 APIs: the token request this call made or the cached token it used (never the token). */
  tokenRequest?: TokenStep;
}

/** The token request of an `oauth2` API call, as traces and the editor's Test show it. */
export interface TokenStep {
  url: string;
  /** 0 when no response came. */
  status: number;
  durationMs: number;
  /** True when the cached token was used and no request was made. */
  cached: boolean;
  scope?: string;
  expiresInS?: number;
  error?: string;
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
  /** The page a waiting `choicesFrom` question shows (0: the first). */
  page?: number;
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
  | {
    type: "mapping";
    path: string;
    attribute: string;
    value?: AttributeValue;
    matched: boolean;
    /** Set when no match cleared the attribute to `value` (its default, or ""). */
    cleared?: boolean;
  }
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
