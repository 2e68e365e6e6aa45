/**
 * Small readers shared by the webhook parsers. They are lenient about
 * optional fields and strict only about what the engine needs: an update
 * missing that is unreadable on its own, never the whole body.
 */

import type { WhatsAppError } from "./events.ts";

export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null), else undefined. */
export function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

/** A non-empty string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Above this a timestamp is in milliseconds (10^12 s is the year 33658). */
const MS_THRESHOLD = 1e12;

/**
 * WhatsApp's `timestamp` in epoch ms. Meta sends seconds as a string; some
 * senders and relays send milliseconds or numbers: a value above 10^12 is
 * read as milliseconds (DESIGN §6), so a message is never re-dated by
 * thousands of years.
 */
export function parseTimestamp(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d{1,16}$/.test(value)
    ? Number(value)
    : typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? value
    : NaN;
  if (Number.isNaN(n)) return undefined;
  return n > MS_THRESHOLD ? n : n * 1000;
}

/** A WhatsApp id of a phone number (`wa_id`, `from`): digits only. */
export function isPhoneId(value: string): boolean {
  return /^\d{5,20}$/.test(value);
}

/**
 * WhatsApp's business-scoped user id: a country code, a dot and an id,
 * e.g. `US.13491208655302741918` (parents: `US.ENT.118…`).
 */
export function isUserId(value: string): boolean {
  return /^[A-Z]{2}\.(?:[A-Z]{2,8}\.)?[0-9A-Za-z]{1,64}$/.test(value);
}

/** An update's JSON for the error log, cut so one bad update cannot bloat it. */
export function excerpt(value: unknown, max = 4000): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An `errors` array into `WhatsAppError`s; undefined when absent or empty. */
export function parseErrors(value: unknown): WhatsAppError[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((item) => {
    const e = asObject(item) ?? {};
    const message = asString(e.message);
    const details = asString(asObject(e.error_data)?.details);
    const error: WhatsAppError = {
      code: Number(e.code) || 0,
      title: asString(e.title) ?? message ?? "",
    };
    if (message !== undefined) error.message = message;
    if (details !== undefined) error.details = details;
    return error;
  });
}
