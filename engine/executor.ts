/**
 * Performing the interpreter's effects for one inbound message: the same
 * loop drives the simulator, the WhatsApp worker and the tests.
 */
import type {
  ApiDef,
  ApiResult,
  AttributeValues,
  Conversation,
  InboundMessage,
  OutMessage,
  TraceEntry,
} from "./types.ts";
import { type RunnableFlow, step } from "./step.ts";
import { redact, secretsOf } from "./redact.ts";

/** What `runTurn` needs from the outside world (the real `callApi`, or a fake in tests). */
export interface ExecutorDeps {
  callApi: (api: ApiDef, values: AttributeValues) => Promise<ApiResult>;
}

/** The outcome of one inbound message: the new state, the replies in order, the whole trace. */
export interface TurnResult {
  conversation: Conversation;
  sends: OutMessage[];
  trace: TraceEntry[];
}

/**
 * Steps the message, performs each `call_api` effect and feeds its result
 * back until the flow waits or ends; collects the replies in order. Never
 * throws for the outside world: a missing API or a failing `callApi` becomes
 * a status-0 result, which the flow routes like any other.
 */
export async function runTurn(
  flow: RunnableFlow,
  conversation: Conversation,
  event: InboundMessage,
  deps: ExecutorDeps,
): Promise<TurnResult> {
  const sends: OutMessage[] = [];
  const trace: TraceEntry[] = [];
  let result = step(flow, conversation, event);
  for (;;) {
    trace.push(...result.trace);
    let call: { nodeId: string; api: string } | undefined;
    for (const effect of result.effects) {
      if (effect.type === "send") sends.push(effect.message);
      else call = effect;
    }
    // step() stops at the first API node, and its 50-node limit ends any loop.
    if (!call) return { conversation: result.conversation, sends, trace };
    const apiResult = await perform(
      flow,
      call.api,
      result.conversation.attributes,
      deps,
    );
    result = step(flow, result.conversation, {
      type: "api_result",
      nodeId: call.nodeId,
      result: apiResult,
    });
  }
}

async function perform(
  flow: RunnableFlow,
  name: string,
  values: AttributeValues,
  deps: ExecutorDeps,
): Promise<ApiResult> {
  const api = flow.apis[name];
  if (!api) return failure(`Cannot call API "${name}": it is not defined`);
  try {
    return await deps.callApi(api, values);
  } catch (error) {
    const message = redact((error as Error)?.message ?? String(error), secretsOf(api.auth));
    return failure(`Cannot call API "${name}": ${message}`, api);
  }
}

/** A status-0 result for a call that could not be made. */
function failure(error: string, api?: ApiDef): ApiResult {
  return {
    status: 0,
    headers: {},
    body: "",
    durationMs: 0,
    size: 0,
    error,
    request: { method: api?.method ?? "GET", url: api?.url ?? "", headers: {} },
    attempts: 0,
  };
}
