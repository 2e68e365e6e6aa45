/**
 * A WhatsApp Cloud API webhook body into internal events (DESIGN §6).
 */

import type { DeliveryStatus, ErrorEvent, StatusEvent, WebhookEvent } from "./events.ts";
import { parseMessage } from "./parse_message.ts";
import { asObject, asString, parseErrors, parseTimestamp } from "./webhook_fields.ts";

export type ParseWebhookResult =
  | { ok: true; events: WebhookEvent[] }
  | { ok: false; error: string };

const STATUSES: readonly string[] = ["sent", "delivered", "read", "failed"];

/**
 * Turns every entry, change, message, status and error of one POST body
 * into events, in the order they appear (one body can carry up to 1000
 * updates). Changes of another `field` than `messages` and statuses of an
 * unknown kind are skipped; a body missing what the engine needs answers
 * `ok: false` with the place, e.g.
 * `entry[0].changes[1].value.messages[0]: missing id`.
 */
export function parseWebhook(json: unknown): ParseWebhookResult {
  const body = asObject(json);
  if (!body) return fail("body", "not a JSON object");
  if (body.object !== "whatsapp_business_account") {
    return fail("object", `expected "whatsapp_business_account"`);
  }
  if (!Array.isArray(body.entry)) return fail("entry", "not an array");

  const events: WebhookEvent[] = [];
  for (const [e, rawEntry] of body.entry.entries()) {
    const entry = asObject(rawEntry);
    if (!entry) return fail(`entry[${e}]`, "not an object");
    if (!Array.isArray(entry.changes)) {
      return fail(`entry[${e}].changes`, "not an array");
    }
    for (const [c, rawChange] of entry.changes.entries()) {
      const where = `entry[${e}].changes[${c}]`;
      const change = asObject(rawChange);
      if (!change) return fail(where, "not an object");
      if (change.field !== "messages") continue;
      const error = parseValue(change.value, `${where}.value`, events);
      if (error) return { ok: false, error };
    }
  }
  return { ok: true, events };
}

/** Appends the events of one change's `value`; answers an error or null. */
function parseValue(
  raw: unknown,
  where: string,
  events: WebhookEvent[],
): string | null {
  const value = asObject(raw);
  if (!value) return `${where}: not an object`;
  const phoneNumberId = asString(asObject(value.metadata)?.phone_number_id);
  if (!phoneNumberId) return `${where}.metadata: missing phone_number_id`;

  for (const key of ["messages", "statuses", "errors"] as const) {
    if (value[key] !== undefined && !Array.isArray(value[key])) {
      return `${where}.${key}: not an array`;
    }
  }
  const messages = (value.messages ?? []) as unknown[];
  const statuses = (value.statuses ?? []) as unknown[];

  for (const [i, raw] of messages.entries()) {
    const event = parseMessage(raw, {
      phoneNumberId,
      contacts: value.contacts,
    });
    if (typeof event === "string") return `${where}.messages[${i}]: ${event}`;
    events.push(event);
  }
  for (const [i, raw] of statuses.entries()) {
    const event = parseStatus(raw, phoneNumberId);
    if (typeof event === "string") return `${where}.statuses[${i}]: ${event}`;
    if (event) events.push(event);
  }
  for (const error of parseErrors(value.errors) ?? []) {
    const event: ErrorEvent = { type: "error", phoneNumberId, ...error };
    events.push(event);
  }
  return null;
}

function parseStatus(
  raw: unknown,
  phoneNumberId: string,
): StatusEvent | string | null {
  const s = asObject(raw);
  if (!s) return "not an object";
  const messageId = asString(s.id);
  if (!messageId) return "missing id";
  const status = asString(s.status);
  if (!status) return "missing status";
  const at = parseTimestamp(s.timestamp);
  if (at === undefined) return "missing or bad timestamp";
  // Meta adds kinds now and then (e.g. "deleted", "warning"): not our business.
  if (!STATUSES.includes(status)) return null;

  const event: StatusEvent = {
    type: "status",
    phoneNumberId,
    messageId,
    status: status as DeliveryStatus,
    at,
  };
  const recipientId = asString(s.recipient_id) ??
    asString(s.recipient_user_id);
  if (recipientId !== undefined) event.recipientId = recipientId;
  const errors = parseErrors(s.errors);
  if (errors) event.errors = errors;
  return event;
}

function fail(where: string, what: string): ParseWebhookResult {
  return { ok: false, error: `${where}: ${what}` };
}
