/**
 * One inbound message from stored state to what must be saved: the one
 * orchestration the WhatsApp worker and the simulator share. Choosing the
 * version, laying the contact's attributes over the conversation, running
 * the executor and splitting what is kept per contact from what is kept per
 * conversation all happen here, so the two cannot drift apart.
 */
import { type ExecutorDeps, runTurn, type TurnResult } from "./executor.ts";
import { needsRestart, newConversation, type RunnableFlow } from "./step.ts";
import type { AttributeValues, Conversation, InboundMessage } from "./types.ts";

/** What the turn starts from. */
export interface TurnStart {
  /** The stored conversation with this bot, if any. */
  stored?: Conversation;
  /** The contact's custom attributes as stored (admins may have edited them). */
  contactAttributes: AttributeValues;
}

/** A turn's result and what to save. */
export interface PlayedTurn extends TurnResult {
  /** The contact's custom attributes after the turn: `sys.*` stays in the conversation. */
  attributes: AttributeValues;
  /** The attributes this turn set or changed. */
  changes: AttributeValues;
}

/**
 * The version a message at `at` runs on: a running conversation keeps the
 * version it started on (DESIGN §5); one that starts again takes `latest`.
 */
export function turnVersion(
  stored: Conversation | undefined,
  latest: number,
  at: number,
  sessionTimeoutMs: number,
): number {
  if (stored && needsRestart(stored, at, sessionTimeoutMs) === null) return stored.version;
  return latest;
}

/** Runs one message on `flow` (the flow of `turnVersion`) and returns what the turn changed. */
export async function playTurn(
  flow: RunnableFlow,
  start: TurnStart,
  message: InboundMessage,
  deps: ExecutorDeps,
): Promise<PlayedTurn> {
  const base = start.stored ?? newConversation(flow, message.at);
  // The contact row holds the custom attributes; the conversation holds sys.*.
  const before: Conversation = { ...base, attributes: { ...base.attributes, ...start.contactAttributes } };
  const result = await runTurn(flow, before, message, deps);
  const after = result.conversation.attributes;
  return { ...result, attributes: customOnly(after), changes: changed(before.attributes, after) };
}

function customOnly(values: AttributeValues): AttributeValues {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !name.startsWith("sys.")));
}

function changed(before: AttributeValues, after: AttributeValues): AttributeValues {
  return Object.fromEntries(Object.entries(after).filter(([name, value]) => before[name] !== value));
}
