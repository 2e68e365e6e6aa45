/**
 * One entry of a webhook's `value.messages` into an `InboundEvent`
 * (DESIGN §6): who sent it (sender.ts), what it says (message_content.ts),
 * and whether it is a turn that runs the flow.
 */

import type { InboundMessage } from "../types.ts";
import type { InboundEvent, ReplyTarget } from "./events.ts";
import { readContent } from "./message_content.ts";
import { readSender } from "./sender.ts";
import { asObject, asString, parseErrors, parseTimestamp } from "./webhook_fields.ts";

/**
 * Turns a message into an event, or answers why it cannot be read.
 * `contacts` is the change's `value.contacts`; the sender is found there by
 * `wa_id` or `user_id` (since 2026 `from` can be absent and only
 * `from_user_id` present, for users with a username).
 */
export function parseMessage(
  raw: unknown,
  context: { phoneNumberId: string; contacts: unknown },
): InboundEvent | string {
  const msg = asObject(raw);
  if (!msg) return "not an object";
  const messageId = asString(msg.id);
  if (!messageId) return "missing id";
  const at = parseTimestamp(msg.timestamp);
  if (at === undefined) return `missing or bad timestamp ${JSON.stringify(msg.timestamp ?? null)}`;
  const kind = asString(msg.type);
  if (!kind) return "missing type";
  const sender = readSender({ from: msg.from, fromUserId: msg.from_user_id }, context.contacts);
  if (typeof sender === "string") return sender;
  const { waId, userId, profileName } = sender;

  const content = readContent(kind, msg);
  const groupId = asString(msg.group_id);
  const errors = parseErrors(msg.errors);
  const message: InboundMessage = { type: "message", text: content.text, kind, at };
  if (content.replyId !== undefined) message.replyId = content.replyId;
  if (content.flowResponse !== undefined) message.flowResponse = content.flowResponse;
  if (profileName !== undefined) message.profileName = profileName;
  if (waId !== undefined) message.phone = waId;

  const replyTo: ReplyTarget = waId ? { to: waId } : { recipient: userId };
  const fields = [...content.fields];
  if (groupId) fields.unshift({ label: "group", value: groupId });
  for (const e of errors ?? []) {
    fields.push({ label: "error", value: `${e.code}: ${e.title}${e.details ? ` (${e.details})` : ""}` });
  }
  const event: InboundEvent = {
    type: "inbound",
    phoneNumberId: context.phoneNumberId,
    messageId,
    contactKey: sender.contactKey,
    at,
    message,
    summary: content.summary,
    replyTo,
    // A group message is answered in the group, never privately to the member (DESIGN §6).
    runsFlow: content.runsFlow && groupId === undefined,
  };
  if (fields.length > 0) event.fields = fields;
  if (content.about !== undefined) event.about = content.about;
  if (groupId !== undefined) event.groupId = groupId;
  if (content.newWaId !== undefined) event.newWaId = content.newWaId;
  if (waId !== undefined) event.waId = waId;
  if (userId !== undefined) event.userId = userId;
  if (profileName !== undefined) event.profileName = profileName;
  const contextId = asString(asObject(msg.context)?.id);
  if (contextId !== undefined) event.contextId = contextId;
  if (errors) event.errors = errors;
  return event;
}
