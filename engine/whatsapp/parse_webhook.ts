/**
 * A WhatsApp Cloud API webhook body into internal events (DESIGN §6).
 */

import type { DeliveryStatus, ErrorEvent, StatusEvent, UnreadableUpdate, WebhookEvent } from "./events.ts";
import { parseCall, parseCallStatus } from "./parse_calls.ts";
import { parseMessage } from "./parse_message.ts";
import { asObject, asString, excerpt, type Json, parseErrors, parseTimestamp } from "./webhook_fields.ts";

export type ParseWebhookResult =
  | { ok: true; events: WebhookEvent[]; unreadable: UnreadableUpdate[] }
  | { ok: false; error: string };

const STATUSES: readonly string[] = ["sent", "delivered", "read", "failed"];

/** The change fields that carry updates of users: everything else (account, templates …) is not ours. */
const FIELDS: readonly string[] = ["messages", "calls"];

/**
 * Turns every entry, change, message, status and error of one POST body
 * into events, in the order they appear (one body can carry up to 1000
 * updates). Only a body that is not a WhatsApp Business Account object
 * with an `entry` list is refused as a whole; any other part that cannot be
 * read is listed in `unreadable` with its place and reason, e.g.
 * `entry[0].changes[1].value.messages[0]: missing id`, and the rest is kept.
 */
export function parseWebhook(json: unknown): ParseWebhookResult {
  const body = asObject(json);
  if (!body) return { ok: false, error: "body: not a JSON object" };
  if (body.object !== "whatsapp_business_account") {
    return {
      ok: false,
      error: `object: expected "whatsapp_business_account", got ${excerpt(body.object, 60)}`,
    };
  }
  if (!Array.isArray(body.entry)) return { ok: false, error: "entry: not an array" };

  const out: Output = { events: [], unreadable: [] };
  for (const [e, rawEntry] of body.entry.entries()) {
    const entry = asObject(rawEntry);
    if (!entry || !Array.isArray(entry.changes)) {
      out.unreadable.push({ where: `entry[${e}]`, reason: "no changes list", update: excerpt(rawEntry) });
      continue;
    }
    for (const [c, rawChange] of entry.changes.entries()) {
      const where = `entry[${e}].changes[${c}]`;
      const change = asObject(rawChange);
      if (!change) {
        out.unreadable.push({ where, reason: "not an object", update: excerpt(rawChange) });
        continue;
      }
      if (!FIELDS.includes(String(change.field))) continue;
      parseValue(change.value, `${where}.value`, out);
    }
  }
  return { ok: true, ...out };
}

interface Output {
  events: WebhookEvent[];
  unreadable: UnreadableUpdate[];
}

/** Appends the events of one change's `value`, and its unreadable parts. */
function parseValue(raw: unknown, where: string, out: Output): void {
  const value = asObject(raw);
  const phoneNumberId = asString(asObject(value?.metadata)?.phone_number_id);
  if (!value || !phoneNumberId) {
    const reason = value ? "metadata: missing phone_number_id" : "not an object";
    out.unreadable.push({ where, reason, update: excerpt(raw) });
    return;
  }
  const bad = (at: string, reason: string, update: unknown) =>
    out.unreadable.push({ where: `${where}.${at}`, reason, update: excerpt(update), phoneNumberId });
  const list = (key: string): unknown[] => {
    if (value[key] === undefined) return [];
    if (Array.isArray(value[key])) return value[key];
    bad(key, "not an array", value[key]);
    return [];
  };
  const context = { phoneNumberId, contacts: value.contacts };
  for (const [i, item] of list("messages").entries()) {
    const event = parseMessage(item, context);
    if (typeof event === "string") bad(`messages[${i}]`, event, item);
    else out.events.push(event);
  }
  for (const [i, item] of list("calls").entries()) {
    const event = parseCall(item, context);
    if (typeof event === "string") bad(`calls[${i}]`, event, item);
    else out.events.push(event);
  }
  for (const [i, item] of list("statuses").entries()) {
    const event = parseStatus(item, phoneNumberId, value.contacts);
    if (typeof event === "string") bad(`statuses[${i}]`, event, item);
    else if (event) out.events.push(event);
  }
  for (const error of parseErrors(value.errors) ?? []) {
    const event: ErrorEvent = { type: "error", phoneNumberId, ...error };
    out.events.push(event);
  }
}

function parseStatus(raw: unknown, phoneNumberId: string, contacts: unknown): WebhookEvent | string | null {
  const s = asObject(raw);
  if (!s) return "not an object";
  if (s.type === "call") return parseCallStatus(s as Json, phoneNumberId, contacts);
  const messageId = asString(s.id);
  if (!messageId) return "missing id";
  const status = asString(s.status);
  if (!status) return "missing status";
  const at = parseTimestamp(s.timestamp);
  if (at === undefined) return `missing or bad timestamp ${JSON.stringify(s.timestamp ?? null)}`;
  // Meta adds kinds now and then (e.g. "played", "deleted", "warning"): not our business.
  if (!STATUSES.includes(status)) return null;

  const event: StatusEvent = {
    type: "status",
    phoneNumberId,
    messageId,
    status: status as DeliveryStatus,
    at,
  };
  const recipientId = asString(s.recipient_id) ?? asString(s.recipient_user_id);
  if (recipientId !== undefined) event.recipientId = recipientId;
  const errors = parseErrors(s.errors);
  if (errors) event.errors = errors;
  return event;
}
