/**
 * One entry of a webhook's `value.messages` into an `InboundEvent`.
 */

import type { InboundMessage } from "../types.ts";
import type { InboundEvent, ReplyTarget } from "./events.ts";
import { asObject, asString, type Json, parseErrors, parseTimestamp } from "./webhook_fields.ts";

/**
 * Turns a message into an event, or answers an error text naming what is
 * missing. `contacts` is the change's `value.contacts`; the sender is found
 * there by `wa_id` or `user_id` (since 2026 `from` can be absent and only
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
  if (at === undefined) return "missing or bad timestamp";
  const kind = asString(msg.type);
  if (!kind) return "missing type";

  const from = asString(msg.from);
  const fromUserId = asString(msg.from_user_id);
  const contact = findContact(context.contacts, from, fromUserId);
  const waId = from ?? asString(contact?.wa_id);
  const userId = asString(contact?.user_id) ?? fromUserId;
  const contactKey = userId ?? waId;
  if (!contactKey) return "missing from and from_user_id";
  const profileName = asString(asObject(contact?.profile)?.name);

  const content = readContent(kind, msg);
  const message: InboundMessage = {
    type: "message",
    text: content.text,
    kind,
    at,
  };
  if (content.replyId !== undefined) message.replyId = content.replyId;
  if (profileName !== undefined) message.profileName = profileName;
  if (waId !== undefined) message.phone = waId;

  const replyTo: ReplyTarget = waId ? { to: waId } : { recipient: userId };
  const event: InboundEvent = {
    type: "inbound",
    phoneNumberId: context.phoneNumberId,
    messageId,
    contactKey,
    at,
    message,
    summary: content.summary,
    replyTo,
  };
  if (waId !== undefined) event.waId = waId;
  if (userId !== undefined) event.userId = userId;
  if (profileName !== undefined) event.profileName = profileName;
  const contextId = asString(asObject(msg.context)?.id);
  if (contextId !== undefined) event.contextId = contextId;
  const errors = parseErrors(msg.errors);
  if (errors) event.errors = errors;
  return event;
}

function findContact(
  contacts: unknown,
  waId: string | undefined,
  userId: string | undefined,
): Json | undefined {
  if (!Array.isArray(contacts)) return undefined;
  for (const item of contacts) {
    const c = asObject(item);
    if (!c) continue;
    if (waId !== undefined && c.wa_id === waId) return c;
    if (userId !== undefined && c.user_id === userId) return c;
  }
  return undefined;
}

interface Content {
  text: string;
  replyId?: string;
  summary: string;
}

/** What the user said, by message type; media carry no text for the flow. */
function readContent(kind: string, msg: Json): Content {
  const body = asObject(msg[kind]) ?? {};
  switch (kind) {
    case "text": {
      const text = typeof body.body === "string" ? body.body : "";
      return { text, summary: text };
    }
    case "interactive": {
      const reply = asObject(body.button_reply) ?? asObject(body.list_reply);
      const id = asString(reply?.id);
      const title = typeof reply?.title === "string" ? reply.title : "";
      if (id === undefined) return { text: "", summary: "[interactive]" };
      return { text: title, replyId: id, summary: title };
    }
    case "button": {
      const text = typeof body.text === "string" ? body.text : "";
      const payload = asString(body.payload);
      return payload === undefined ? { text, summary: text } : { text, replyId: payload, summary: text };
    }
    default:
      return { text: "", summary: summarise(kind, msg[kind]) };
  }
}

function summarise(kind: string, value: unknown): string {
  const detail = describe(kind, value);
  return detail ? `[${kind}] ${detail}` : `[${kind}]`;
}

function describe(kind: string, value: unknown): string | undefined {
  if (kind === "contacts" && Array.isArray(value)) {
    const names = value.map((c) => asString(asObject(asObject(c)?.name)?.formatted_name));
    return names.filter(Boolean).join(", ") || undefined;
  }
  const body = asObject(value) ?? {};
  switch (kind) {
    case "image":
    case "video":
    case "document":
      return asString(body.caption) ?? asString(body.filename);
    case "audio":
      return body.voice === true ? "voice" : undefined;
    case "location":
      return [asString(body.name), asString(body.address)]
        .filter(Boolean).join(", ") ||
        (typeof body.latitude === "number" ? `${body.latitude},${body.longitude}` : undefined);
    case "reaction":
      return asString(body.emoji) ?? "removed";
    case "unsupported":
      return asString(body.type);
    case "system":
      return asString(body.body);
    default:
      return undefined;
  }
}
