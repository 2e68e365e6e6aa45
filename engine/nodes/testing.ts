/** Small builders shared by the interpreter's tests. */
import type { AttributeDef, Effect, FlowNode, InboundMessage, OutMessage, StepResult } from "../types.ts";
import { newConversation, type RunnableFlow, runnableFlow, step } from "../step.ts";

export const T0 = 1_700_000_000_000;

/** An inbound text message (or another kind via `extra`). */
export function msg(
  text: string,
  extra: Partial<InboundMessage> = {},
): InboundMessage {
  return { type: "message", text, kind: "text", at: T0, ...extra };
}

/** A flow of these nodes, starting at the first one. */
export function flowOf(
  nodes: FlowNode[],
  attributes: AttributeDef[] = [],
): RunnableFlow {
  return runnableFlow({
    attributes,
    apis: [],
    flow: { start: nodes[0].id, nodes },
  });
}

/** The replies a step queued. */
export function sends(r: StepResult): OutMessage[] {
  return r.effects.flatMap((e: Effect) => e.type === "send" ? [e.message] : []);
}

/** Starts the flow with a first message, then sends each answer in turn. */
export function converse(
  flow: RunnableFlow,
  ...answers: (string | InboundMessage)[]
): StepResult {
  let r = step(flow, newConversation(flow, T0), msg("hi"));
  for (const a of answers) {
    r = step(flow, r.conversation, typeof a === "string" ? msg(a) : a);
  }
  return r;
}
