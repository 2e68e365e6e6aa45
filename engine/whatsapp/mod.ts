/**
 * The WhatsApp Cloud API adapter: pure functions that check webhook
 * signatures, turn webhook bodies into internal events, build send
 * payloads and classify Graph API errors. No I/O, no Hono, no drizzle.
 */

export type {
  DeliveryStatus,
  ErrorEvent,
  EventField,
  InboundEvent,
  ReplyTarget,
  StatusEvent,
  UnreadableUpdate,
  WebhookEvent,
  WhatsAppError,
} from "./events.ts";
export { signBody, verifySignature } from "./signature.ts";
export { parseWebhook, type ParseWebhookResult } from "./parse_webhook.ts";
export { buildSendPayload, parseSendResponse, type SendResponse } from "./outbound.ts";
export { classifyGraphError, type GraphErrorClass, retryDelayMs } from "./graph_errors.ts";
