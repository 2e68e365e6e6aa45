import { Hono } from "hono";
import type { Db } from "../db/client.ts";
import { outboxDepth } from "../db/outbox_stats.ts";
import { describe, gauge, renderMetrics } from "../runtime/metrics.ts";
import { apiTokenAuth } from "./api_v1.ts";
import type { AppEnv } from "../deps.ts";

/**
 * Prometheus metrics at `/metrics` in the text exposition format.
 *
 * Protected by a token: the same bearer tokens as `/api/v1` (an API token
 * from the settings page, or CHATWIRE_ADMIN_TOKEN). Counts of webhooks,
 * turns and sends say how busy a business is, so they are not public; there
 * is no separate setting for a metrics token. Configure the scraper with
 * `authorization: { credentials: <token> }` (Prometheus sends it as Bearer).
 */
export const metrics = new Hono<AppEnv>();

metrics.use("*", apiTokenAuth());

metrics.get("/", async (c) => {
  registerGauges(c.var.deps.db);
  return c.body(await renderMetrics(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
});

let registeredFor: Db | undefined;

/**
 * The gauges read the database at scrape time. Registered on the first
 * scrape (not at import) because they need the process's database; a test
 * server with another database re-registers them.
 */
function registerGauges(db: Db): void {
  if (registeredFor === db) return;
  registeredFor = db;
  gauge(
    "chatwire_outbox_depth",
    () => outboxDepth(db),
    "Replies queued or being sent, not yet accepted by the Graph API",
  );
  describe("chatwire_webhooks_received_total", "WhatsApp webhook POSTs, by result");
  describe("chatwire_turns_total", "Interpreter turns run for inbound messages, by result");
  describe("chatwire_turn_seconds", "Time to run one turn, API calls included");
  describe("chatwire_api_calls_total", "Calls to external APIs from flows, by status class");
  describe("chatwire_api_call_seconds", "Latency of external API calls from flows");
  describe("chatwire_sends_total", "Replies sent to the Graph API, by result");
}
