/**
 * The flow interpreter's pure core (DESIGN §5, STYLE "The interpreter"):
 * `step(flow, conversation, event)` walks nodes until a question waits, an
 * API call is needed or the flow ends, and returns the new conversation
 * with the effects to perform. No I/O; the executor performs the effects.
 */
import type {
  ApiDef,
  AttributeDef,
  AttributeValues,
  BotDocument,
  Conversation,
  Flow,
  FlowEvent,
  FlowNode,
  InboundMessage,
  StepResult,
  TraceEntry,
} from "./types.ts";
import type { Outcome, Run } from "./nodes/shared.ts";
import { answerQuestion } from "./nodes/question.ts";
import { resumeApiNode } from "./nodes/api.ts";
import { kindOf } from "./nodes/mod.ts";

/** A flow ready to run: its nodes, the APIs and attributes they use, and its published version. */
export interface RunnableFlow {
  flow: Flow;
  /** The APIs by name. */
  apis: Record<string, ApiDef>;
  attributes: AttributeDef[];
  /** The published version (0 for a draft run). */
  version: number;
  /** Idle time after which the next message starts again at `start` (DESIGN: 24 h). */
  sessionTimeoutMs: number;
  /** The stored APIs' row ids by name, for the call log (absent for a document not stored). */
  apiIds?: Record<string, number>;
}

/** Nodes one inbound message may run before the flow must wait (DESIGN §5). */
export const MAX_NODES_PER_TURN = 50;

/** DESIGN §5: 24 h, the length of WhatsApp's service window. */
export const DEFAULT_SESSION_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** A document's flow, APIs and attributes as a `RunnableFlow`. */
export function runnableFlow(
  document: Pick<BotDocument, "flow" | "apis" | "attributes">,
  options: { version?: number; sessionTimeoutMs?: number } = {},
): RunnableFlow {
  return {
    flow: document.flow,
    apis: Object.fromEntries(document.apis.map((a) => [a.name, a])),
    attributes: document.attributes,
    version: options.version ?? 0,
    sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
  };
}

/** A contact's conversation before its first message: idle, attributes at their declared defaults. */
export function newConversation(flow: RunnableFlow, now: number): Conversation {
  const attributes: AttributeValues = {};
  for (const a of flow.attributes) {
    if (a.default !== undefined) attributes[a.name] = a.default;
  }
  return {
    version: flow.version,
    status: "idle",
    nodeId: null,
    attributes,
    lastActivityAt: now,
    nodesThisTurn: 0,
  };
}

/**
 * Runs one event. A conversation keeps the version it started on: the
 * caller passes the flow of `conversation.version` while the conversation is
 * waiting or running. When it starts again (first message, after an end or
 * after `sessionTimeoutMs` idle), it takes the version of the flow passed,
 * so callers pass the currently published flow for idle or timed-out
 * conversations (see `needsRestart`).
 */
export function step(
  flow: RunnableFlow,
  conversation: Conversation,
  event: FlowEvent,
): StepResult {
  const run: Run = {
    flow,
    conversation: {
      ...conversation,
      attributes: { ...conversation.attributes },
    },
    effects: [],
    trace: [],
  };
  const next = event.type === "message" ? receive(run, event) : resume(run, event);
  if (next !== undefined) walk(run, next);
  return {
    conversation: run.conversation,
    effects: run.effects,
    trace: run.trace,
  };
}

/**
 * Why the next inbound message at `at` starts the flow again, or null when
 * it continues the conversation. Callers use it to pick the flow version.
 */
export function needsRestart(
  conversation: Conversation,
  at: number,
  sessionTimeoutMs: number,
): Extract<TraceEntry, { type: "restart" }>["reason"] | null {
  if (conversation.status === "idle") {
    // sys.input is set by every message: without it, the contact never wrote.
    return conversation.attributes["sys.input"] === undefined ? "new" : "ended";
  }
  return at - conversation.lastActivityAt > sessionTimeoutMs ? "timeout" : null;
}

/** An inbound message: sys.* updated, then a restart, an answer or a resumed node. */
function receive(run: Run, message: InboundMessage): string | null | undefined {
  const c = run.conversation;
  const restart = needsRestart(c, message.at, run.flow.sessionTimeoutMs);
  c.lastActivityAt = message.at;
  c.nodesThisTurn = 0;
  if (message.phone !== undefined) c.attributes["sys.phone"] = message.phone;
  if (message.profileName !== undefined) {
    c.attributes["sys.name"] = message.profileName;
  }
  c.attributes["sys.input"] = message.text;
  // A WhatsApp Flow reply's form data (DESIGN §6); like sys.input, it is the last message's.
  if (message.flowResponse !== undefined) c.attributes["sys.flow_response"] = message.flowResponse;
  else delete c.attributes["sys.flow_response"];
  if (restart) {
    // The first message only starts the flow; it answers nothing.
    run.trace.push({ type: "restart", reason: restart });
    c.version = run.flow.version;
    // A newer version may declare attributes this contact has no value for yet.
    for (const a of run.flow.attributes) {
      if (a.default !== undefined && c.attributes[a.name] === undefined) {
        c.attributes[a.name] = a.default;
      }
    }
    return run.flow.flow.start;
  }
  const node = c.nodeId === null ? undefined : nodeById(run.flow.flow, c.nodeId);
  if (c.status === "waiting" && node?.type === "question") {
    return settle(run, node, answerQuestion(node, message, run));
  }
  // Running here means an API call was cut short (e.g. a crash): do it again.
  return c.nodeId;
}

/** An API result: accepted only for the API node the conversation awaits. */
function resume(
  run: Run,
  event: Extract<FlowEvent, { type: "api_result" }>,
): string | null | undefined {
  const c = run.conversation;
  const node = nodeById(run.flow.flow, event.nodeId);
  if (
    c.status !== "running" || c.nodeId !== event.nodeId || node?.type !== "api"
  ) {
    run.trace.push({
      type: "error",
      message: `Cannot use the result of node "${event.nodeId}": the conversation is not waiting for it`,
    });
    return undefined;
  }
  return resumeApiNode(node, event.result, run).next;
}

/** Runs nodes from `id` until one waits or the flow ends. */
function walk(run: Run, id: string | null): void {
  const c = run.conversation;
  let current = id;
  while (current !== null) {
    if (c.nodesThisTurn >= MAX_NODES_PER_TURN) {
      run.trace.push({
        type: "error",
        message: `Stopped after ${MAX_NODES_PER_TURN} nodes without waiting for input`,
      });
      break;
    }
    const node = nodeById(run.flow.flow, current);
    if (!node) {
      run.trace.push({
        type: "error",
        message: `Cannot run node "${current}": it is not a node of this flow`,
      });
      break;
    }
    c.nodesThisTurn++;
    run.trace.push({ type: "node", nodeId: node.id, nodeType: node.type });
    const outcome = runNode(node, run);
    if ("wait" in outcome) {
      c.status = outcome.wait === "answer" ? "waiting" : "running";
      c.nodeId = node.id;
      return;
    }
    current = outcome.next;
  }
  c.status = "idle";
  c.nodeId = null;
}

/** Runs a node through its type's descriptor (`nodes/mod.ts`, one exhaustive table). */
function runNode(node: FlowNode, run: Run): Outcome {
  return kindOf(node).run(node, run);
}

/** An answered question either waits again (invalid answer) or names the next node. */
function settle(
  run: Run,
  node: FlowNode,
  outcome: Outcome,
): string | null | undefined {
  if ("wait" in outcome) {
    run.conversation.status = "waiting";
    run.conversation.nodeId = node.id;
    return undefined;
  }
  return outcome.next;
}

const indexes = new WeakMap<Flow, Map<string, FlowNode>>();

/** A node by id, through an index built once per flow object (flows are not mutated while run). */
function nodeById(flow: Flow, id: string): FlowNode | undefined {
  let index = indexes.get(flow);
  if (!index) {
    index = new Map(flow.nodes.map((n) => [n.id, n]));
    indexes.set(flow, index);
  }
  return index.get(id);
}
