/**
 * Shared fixtures of the step() tests (engine/step*_test.ts): inbound
 * messages, API results and small flows.
 */
import type {
  ApiResult,
  BotDocument,
  Effect,
  FlowNode,
  InboundMessage,
  OutMessage,
  StepResult,
} from "../engine/types.ts";
import { newConversation, type RunnableFlow, runnableFlow, step } from "../engine/step.ts";

/** The DESIGN example bot (engine/testdata/order_status.json). */
export const orderStatus: BotDocument = JSON.parse(
  await Deno.readTextFile(
    new URL("../engine/testdata/order_status.json", import.meta.url),
  ),
);

/** The clock of every fixture message. */
export const T0 = 1_700_000_000_000;

/** An inbound text message from Ann at T0. */
export function msg(
  text: string,
  extra: Partial<InboundMessage> = {},
): InboundMessage {
  return {
    type: "message",
    text,
    kind: "text",
    at: T0,
    phone: "4915112345678",
    profileName: "Ann",
    ...extra,
  };
}

/** An API result with `status`, 5 ms, one attempt. */
export function result(status: number, extra: Partial<ApiResult> = {}): ApiResult {
  return {
    status,
    headers: {},
    body: "",
    durationMs: 5,
    size: 0,
    request: { method: "GET", url: "https://x.test/", headers: {} },
    attempts: 1,
    ...extra,
  };
}

/** A runnable flow of `nodes` (starting at the first) with attributes a (text), n (number), b (boolean). */
export function flowOf(
  nodes: FlowNode[],
  extra: Partial<BotDocument> = {},
): RunnableFlow {
  return runnableFlow({
    attributes: [
      { name: "a", type: "text" },
      { name: "n", type: "number" },
      { name: "b", type: "boolean" },
    ],
    apis: [],
    flow: { start: nodes[0].id, nodes },
    ...extra,
  });
}

/** The messages a step sends. */
export function sends(r: StepResult): OutMessage[] {
  return r.effects.flatMap((e: Effect) => e.type === "send" ? [e.message] : []);
}

/** The texts a step sends. */
export function texts(r: StepResult): string[] {
  return sends(r).map((m) => m.text);
}

/** Starts a flow with a first message (which is not an answer). */
export function started(flow: RunnableFlow, first = "hi"): StepResult {
  return step(flow, newConversation(flow, T0), msg(first));
}

/** An API node "call" on API "X" with `routes`, and end nodes named exact, klass, timeout, error, others, ok. */
export function apiFlow(
  routes: { status: string; next: string }[],
  others?: string,
): RunnableFlow {
  const targets = ["exact", "klass", "timeout", "error", "others", "ok"];
  return flowOf([
    {
      id: "call",
      type: "api",
      api: "X",
      routes,
      ...(others ? { others } : {}),
    },
    ...targets.map((id): FlowNode => ({ id, type: "end", text: id })),
  ], {
    apis: [{
      name: "X",
      method: "GET",
      url: "https://x.test/",
      query: [],
      headers: [],
      body: null,
      auth: { type: "none" },
      timeoutMs: 1000,
      mappings: [{ path: "$.v", attribute: "a" }],
    }],
  });
}
