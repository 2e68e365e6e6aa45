/**
 * What the outbox should do with a failed Graph API send (DESIGN §6).
 */

import { asObject, asString } from "./webhook_fields.ts";

export interface GraphErrorClass {
  /**
   * `retry`: try again later with backoff; `permanent`: mark the reply
   * failed; `token_expired`: mark the channel unhealthy (the reply fails too).
   */
  kind: "retry" | "permanent" | "token_expired";
  /** Graph's `error.code`, when the body had one. */
  code?: number;
  message: string;
}

/** Throughput limits: Meta often reports them with HTTP 400. */
const RETRY_CODES = new Set([
  130429, // Cloud API throughput reached
  131056, // pair rate limit: too many messages to the same user
]);

/** Errors that no retry can fix, even when they come with a 5xx. */
const PERMANENT_CODES = new Set([
  100, // invalid parameter
  131026, // message undeliverable
  131047, // more than 24 hours since the user last wrote
  131049, // not delivered to keep the ecosystem healthy
  131051, // unsupported message type
  131052, // media download error
]);

const TOKEN_EXPIRED = 190;

/**
 * Classifies a failed send by Graph's `error.code` first and the HTTP status
 * only when the code says nothing: 429, 5xx and no response (status 0) are
 * retried, other 4xx are permanent. `body` is the parsed JSON answer, or a
 * string describing a network error when status is 0.
 */
export function classifyGraphError(
  httpStatus: number,
  body: unknown,
): GraphErrorClass {
  const error = asObject(asObject(body)?.error);
  const rawCode = error?.code;
  const code = typeof rawCode === "number"
    ? rawCode
    : typeof rawCode === "string" && /^\d+$/.test(rawCode)
    ? Number(rawCode)
    : undefined;
  const message = describe(httpStatus, body, error);
  const result = (kind: GraphErrorClass["kind"]): GraphErrorClass =>
    code === undefined ? { kind, message } : { kind, code, message };

  if (code === TOKEN_EXPIRED) return result("token_expired");
  if (code !== undefined && RETRY_CODES.has(code)) return result("retry");
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    return result("permanent");
  }
  if (httpStatus === 0 || httpStatus === 429 || httpStatus >= 500) {
    return result("retry");
  }
  // A 401 without a code still means the token is not accepted.
  if (httpStatus === 401 && code === undefined) return result("token_expired");
  return result("permanent");
}

function describe(
  httpStatus: number,
  body: unknown,
  error: Record<string, unknown> | undefined,
): string {
  const text = asString(error?.message);
  const details = asString(asObject(error?.error_data)?.details);
  if (text) return details ? `${text}: ${details}` : text;
  if (httpStatus === 0) {
    return typeof body === "string" && body ? body : "no response";
  }
  return `status ${httpStatus}`;
}

const BASE_MS = 500;
const CAP_MS = 60_000;

/**
 * How long to wait before retry number `attempt` (1 for the first retry):
 * exponential backoff with full jitter, a uniform pick in
 * [0, min(60 s, 500 ms × 2^(attempt-1))), so many failed replies do not
 * come back in step.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
}
