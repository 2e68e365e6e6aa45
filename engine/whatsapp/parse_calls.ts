/**
 * Call events (`field: "calls"`, and `statuses` of `type: "call"`): recorded
 * in the caller's transcript, never a turn of the flow (DESIGN §6).
 */
import type { EventField, InboundEvent } from "./events.ts";
import { readSender } from "./sender.ts";
import { asObject, asString, type Json, parseTimestamp } from "./webhook_fields.ts";

/** One entry of `value.calls` into an event, or why it cannot be read. */
export function parseCall(
  raw: unknown,
  context: { phoneNumberId: string; contacts: unknown },
): InboundEvent | string {
  const call = asObject(raw);
  if (!call) return "not an object";
  const id = asString(call.id);
  if (!id) return "missing id";
  const at = parseTimestamp(call.timestamp);
  if (at === undefined) return `missing or bad timestamp ${JSON.stringify(call.timestamp ?? null)}`;
  const event = asString(call.event) ?? "call";
  // The change's one `contacts` entry names the user; without it, a business-initiated call
  // is placed to the user and a user-initiated one comes from them.
  const outgoing = call.direction === "BUSINESS_INITIATED";
  const sender = readSender(
    onlyContact(context.contacts)
      ? {}
      : outgoing
      ? { from: call.to, fromUserId: call.to_user_id }
      : { from: call.from, fromUserId: call.from_user_id },
    context.contacts,
  );
  if (typeof sender === "string") return sender;
  return callEvent(context.phoneNumberId, `${id}:${event}:${at}`, at, sender, `[call ${event}]`, [
    ["direction", asString(call.direction)],
    ["status", asString(call.status)],
    ["duration", typeof call.duration === "number" ? `${call.duration} s` : undefined],
  ]);
}

/** A status of a business-initiated call (`type: "call"`, e.g. RINGING). */
export function parseCallStatus(
  status: Json,
  phoneNumberId: string,
  contacts: unknown,
): InboundEvent | string {
  const id = asString(status.id);
  if (!id) return "missing id";
  const at = parseTimestamp(status.timestamp);
  if (at === undefined) return `missing or bad timestamp ${JSON.stringify(status.timestamp ?? null)}`;
  const sender = readSender(
    onlyContact(contacts) ? {} : { from: status.recipient_id, fromUserId: status.recipient_user_id },
    contacts,
  );
  if (typeof sender === "string") return sender;
  const state = asString(status.status) ?? "";
  return callEvent(
    phoneNumberId,
    `${id}:status:${state}:${at}`,
    at,
    sender,
    `[call ${state.toLowerCase()}]`,
    [],
  );
}

function callEvent(
  phoneNumberId: string,
  messageId: string,
  at: number,
  sender: Exclude<ReturnType<typeof readSender>, string>,
  summary: string,
  pairs: [string, string | undefined][],
): InboundEvent {
  const fields: EventField[] = pairs.filter((p): p is [string, string] => p[1] !== undefined)
    .map(([label, value]) => ({ label, value }));
  const event: InboundEvent = {
    type: "inbound",
    phoneNumberId,
    // Every event of a call shares the call's id: the event and time make each one its own update.
    messageId,
    contactKey: sender.contactKey,
    at,
    message: { type: "message", text: "", kind: "call", at },
    summary,
    replyTo: sender.waId ? { to: sender.waId } : { recipient: sender.userId },
    runsFlow: false,
  };
  if (fields.length) event.fields = fields;
  if (sender.waId !== undefined) event.waId = sender.waId;
  if (sender.userId !== undefined) event.userId = sender.userId;
  if (sender.profileName !== undefined) event.profileName = sender.profileName;
  return event;
}

function onlyContact(contacts: unknown): boolean {
  return Array.isArray(contacts) && contacts.length === 1;
}
