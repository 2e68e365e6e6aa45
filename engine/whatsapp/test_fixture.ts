/**
 * Test support: reads Meta's recorded payloads from tests/fixtures/whatsapp,
 * the one copy the unit tests here and the fake Graph API's tests compare with.
 */
import { parseWebhook } from "./parse_webhook.ts";
import type { WebhookEvent } from "./events.ts";

/** The fixtures folder, for tests that list it. */
export const FIXTURES = new URL("../../tests/fixtures/whatsapp/", import.meta.url);

/** A fixture file parsed as JSON; `T` is the shape the caller relies on. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(Deno.readTextFileSync(new URL(name, FIXTURES)));
}

/** Just enough of a webhook body's shape to pick fixtures apart. */
export interface WebhookValue {
  messages: Record<string, unknown>[];
  statuses: Record<string, unknown>[];
  [key: string]: unknown;
}

/** A webhook body fixture, typed down to its change values. */
export interface WebhookBody {
  entry: { changes: { value: WebhookValue }[] }[];
}

/** The events of a body that must parse; a refusal fails the test with its reason. */
export function events(json: unknown): WebhookEvent[] {
  const result = parseWebhook(json);
  if (!result.ok) throw new Error(result.error);
  return result.events;
}
