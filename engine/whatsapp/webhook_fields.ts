/**
 * Small readers shared by the webhook parsers. They are lenient about
 * optional fields and strict only about what the engine needs, because a
 * refused body is refused as a whole (Meta then redelivers all of it).
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

/** WhatsApp's `timestamp` (epoch seconds, sent as a string) in ms. */
export function parseTimestamp(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value)
    ? Number(value)
    : typeof value === "number" && Number.isFinite(value)
    ? value
    : NaN;
  return Number.isNaN(n) ? undefined : n * 1000;
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
