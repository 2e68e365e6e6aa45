/**
 * Calls an API of the bot document with a contact's values (DESIGN §4):
 * context-aware rendering, the address policy on every hop, manual
 * redirects, a timeout, a capped body and retries. Failures of the outside
 * world come back as data (`status` 0 and `error`), never as exceptions.
 */
import type { ApiAuth, ApiDef, ApiResult, AttributeType, AttributeValues } from "./types.ts";
import { SECRET_MASK } from "./types.ts";
import { type RenderedRequest, renderRequest } from "./template.ts";
import { attempt, type AttemptOutcome } from "./api_caller_attempt.ts";
import { callOAuth2 } from "./api_caller_oauth2.ts";
import type { TokenCache } from "./oauth2.ts";
import type { Connector } from "./pinned_fetch.ts";
import { redact, redactor, secretsOf } from "./redact.ts";

export interface CallOptions {
  /** Refuse loopback and private addresses too (`CHATWIRE_BLOCK_PRIVATE_NETWORKS`). */
  blockPrivateNetworks?: boolean;
  /** Body bytes kept; more is cut and flagged `truncated`. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Attribute types, so that `{{total}}` alone in JSON becomes a number. */
  attributeTypes?: Record<string, AttributeType>;
  /** Cancels the call (the test page's "Cancel"). */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Where connections to checked addresses are made (runtime/outbound.ts's thread); default this thread. */
  connect?: Connector;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Resolves host names; defaults to the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** OAuth 2.0 tokens (the runtime's, backed by the database); a process-wide memory cache by default. */
  tokens?: TokenCache;
  /** The clock of token expiry; injectable so tests need not wait. */
  now?: () => number;
}

const RETRY_AFTER_CAP_MS = 30_000;

/**
 * Calls `api`. Each attempt (redirects and body included) gets `timeoutMs`;
 * `retry.attempts` more attempts follow a 5xx, a 429 or a status 0 that
 * another try could fix, after `Retry-After` or an exponential backoff.
 */
export async function callApi(
  api: ApiDef,
  values: AttributeValues,
  options: CallOptions = {},
): Promise<ApiResult> {
  if (api.auth.type === "oauth2") return await callOAuth2(api, api.auth, values, options, callPlain);
  return await callPlain(api, values, options);
}

/** One call with the API's static auth (an OAuth API arrives here with its token as bearer). */
async function callPlain(
  api: ApiDef,
  values: AttributeValues,
  options: CallOptions,
): Promise<ApiResult> {
  const started = performance.now();
  const rendered = renderRequest(api, values, {
    attributeTypes: options.attributeTypes,
  });
  if ("error" in rendered) {
    return {
      status: 0,
      headers: {},
      body: "",
      durationMs: Math.round(performance.now() - started),
      size: 0,
      error: redact(rendered.error, secretsOf(api.auth)),
      request: { method: api.method, url: api.url, headers: {} },
      attempts: 0,
    };
  }
  const maxAttempts = 1 + Math.min(Math.max(api.retry?.attempts ?? 0, 0), 5);
  const sleep = options.sleep ??
    ((ms: number) => sleepUnless(ms, options.signal));
  let outcome: AttemptOutcome;
  let attempts = 0;
  while (true) {
    attempts++;
    outcome = await attempt(rendered, {
      timeoutMs: api.timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
      blockPrivateNetworks: options.blockPrivateNetworks ?? false,
      auth: api.auth,
      fetch: options.fetch,
      connect: options.connect,
      signal: options.signal,
      resolve: options.resolve,
    });
    if (!outcome.retryable || attempts >= maxAttempts) break;
    if (options.signal?.aborted) break;
    await sleep(
      retryAfterMs(outcome.headers["retry-after"]) ?? backoffMs(attempts),
    );
    if (options.signal?.aborted) break;
  }
  const body = new TextDecoder().decode(outcome.bytes, {
    stream: outcome.truncated,
  });
  const result: ApiResult = {
    status: outcome.status,
    headers: outcome.headers,
    body,
    durationMs: Math.round(performance.now() - started),
    size: outcome.size,
    request: redactRequest(rendered, api.auth),
    attempts,
  };
  const json = outcome.truncated ? undefined : parseJson(body, outcome.headers);
  if (json !== undefined) result.json = json;
  if (outcome.truncated) result.truncated = true;
  // fetch's error texts quote the whole URL, an API key in the query too.
  if (outcome.error) result.error = redact(outcome.error, secretsOf(api.auth));
  if (outcome.timedOut) result.timedOut = true;
  return result;
}

/** The request with the auth secrets replaced by `********` (engine/redact.ts). */
export function redactRequest(
  request: RenderedRequest,
  auth: ApiAuth,
): ApiResult["request"] {
  const hide = redactor(secretsOf(auth));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === "authorization" && auth.type === "bearer") {
      headers[name] = `Bearer ${SECRET_MASK}`;
    } else if (lower === "authorization" && auth.type === "basic") {
      headers[name] = `Basic ${SECRET_MASK}`;
    } else if (auth.type === "apiKey" && lower === auth.name.toLowerCase()) {
      headers[name] = SECRET_MASK;
    } else headers[name] = hide(value);
  }
  return { method: request.method, url: hide(request.url), headers };
}

/** `Retry-After` in ms (seconds or an HTTP date), capped; undefined if absent. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - Date.now();
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

function backoffMs(attempt: number): number {
  return Math.min(200 * 2 ** (attempt - 1), 5000) + Math.random() * 100;
}

function parseJson(body: string, headers: Record<string, string>): unknown {
  const looksJson = /json/i.test(headers["content-type"] ?? "") ||
    /^\s*[[{]/.test(body);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Sleeps `ms`, waking early when `signal` aborts. */
function sleepUnless(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
