/**
 * One attempt of an API call: address check, fetch, manual redirects and a
 * capped body read, all within the API's `timeoutMs`.
 */
import type { ApiAuth } from "./types.ts";
import type { RenderedRequest } from "./template.ts";
import { findHeader } from "./template.ts";
import { resolveAndCheck } from "./address_policy.ts";
import { type Connector, pinnedFetch } from "./pinned_fetch.ts";

/** What one attempt produced; `status` 0 when no response came. */
export interface AttemptOutcome {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  size: number;
  truncated: boolean;
  error?: string;
  timedOut?: boolean;
  /** False for failures another attempt cannot fix (refused address …). */
  retryable: boolean;
}

export interface AttemptOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  blockPrivateNetworks: boolean;
  auth: ApiAuth;
  /** Replaces the pinned connection (tests of redirects and errors); default: connect to the checked address. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  signal?: AbortSignal;
  /** Where the pinned connection is made (default: on this thread). */
  connect?: Connector;
  resolve?: (hostname: string) => Promise<string[]>;
}

const MAX_REDIRECTS = 5;

/** Performs one attempt; never throws for failures of the outside world. */
export async function attempt(
  request: RenderedRequest,
  options: AttemptOptions,
): Promise<AttemptOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout.signal, options.signal]) : timeout.signal;
  let current = { ...request, headers: { ...request.headers } };
  try {
    for (let hop = 0;; hop++) {
      const url = new URL(current.url);
      // The name is resolved once per hop and the connection goes to the
      // address checked (engine/pinned_fetch.ts): DNS rebinding cannot slip
      // a second answer in between.
      const checked = await abortable(
        resolveAndCheck(url.hostname, {
          blockPrivate: options.blockPrivateNetworks,
          resolve: options.resolve,
        }),
        signal,
      );
      if ("error" in checked) return failed(checked.error, false);
      const send = options.fetch ??
        (options.connect ? options.connect(checked.ip, options.maxBodyBytes) : pinnedFetch(checked.ip));
      const response = await send(current.url, {
        method: current.method,
        headers: current.headers,
        body: current.body,
        redirect: "manual",
        signal,
      });
      const location = response.headers.get("location");
      if ([301, 302, 303, 307, 308].includes(response.status) && location) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS) {
          return failed(
            `Too many redirects (more than ${MAX_REDIRECTS})`,
            false,
          );
        }
        const next = redirected(
          current,
          response.status,
          location,
          options.auth,
        );
        if (typeof next === "string") return failed(next, false);
        current = next;
        continue;
      }
      const read = await readCapped(response, options.maxBodyBytes);
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        ...read,
        retryable: response.status >= 500 || response.status === 429,
      };
    }
  } catch (err) {
    if (timeout.signal.aborted) {
      return {
        ...failed(`Timed out after ${options.timeoutMs} ms`, true),
        timedOut: true,
      };
    }
    if (options.signal?.aborted) return failed("Cancelled", false);
    return failed(describeError(err), true);
  } finally {
    clearTimeout(timer);
  }
}

/** The request to make after a redirect, as fetch itself would, or an error. */
function redirected(
  request: RenderedRequest,
  status: number,
  location: string,
  auth: ApiAuth,
): RenderedRequest | string {
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch {
    return `Invalid redirect location "${location}"`;
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return `Refused redirect to "${target.href}": not http or https`;
  }
  const next = {
    ...request,
    url: target.href,
    headers: { ...request.headers },
  };
  if (
    (status === 303 && request.method !== "GET") ||
    ((status === 301 || status === 302) && request.method === "POST")
  ) {
    next.method = "GET";
    next.body = undefined;
    for (const name of ["content-type", "content-length"]) {
      const key = findHeader(next.headers, name);
      if (key) delete next.headers[key];
    }
  }
  // Credentials are for the API's own origin, never for whoever it sends us to.
  if (target.origin !== new URL(request.url).origin) {
    const secretHeaders = ["authorization", "cookie", "proxy-authorization"];
    if (auth.type === "apiKey" && auth.in === "header") {
      secretHeaders.push(auth.name);
    }
    for (const name of secretHeaders) {
      const key = findHeader(next.headers, name);
      if (key) delete next.headers[key];
    }
  }
  return next;
}

/** Streams the body, keeping at most `cap` + 1 bytes, then stops reading. */
async function readCapped(
  response: Response,
  cap: number,
): Promise<{ bytes: Uint8Array; size: number; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    const kept = value.subarray(0, cap + 1 - size);
    chunks.push(kept);
    size += kept.length;
    if (size > cap) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes: truncated ? bytes.subarray(0, cap) : bytes, size, truncated };
}

function failed(error: string, retryable: boolean): AttemptOutcome {
  return {
    status: 0,
    headers: {},
    bytes: new Uint8Array(0),
    size: 0,
    truncated: false,
    error,
    retryable,
  };
}

/** A short reason from fetch's long error chain. */
function describeError(err: unknown): string {
  const text = err instanceof Error
    ? [err.message, String((err as { cause?: unknown }).cause ?? "")].join(" ")
    : String(err);
  if (/connection refused|ECONNREFUSED/i.test(text)) return "Connection refused";
  if (/connection reset|ECONNRESET|socket hang up/i.test(text)) return "Connection reset";
  if (/dns|lookup|resolve/i.test(text)) return "Cannot resolve host";
  if (/certificate|tls|ssl|altname|self.signed/i.test(text)) return `TLS error: ${text}`;
  return `Request failed: ${text.trim()}`;
}

/** Rejects as soon as `signal` aborts, whatever `promise` is doing. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
