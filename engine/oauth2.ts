/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for `auth.type = "oauth2"`
 * (DESIGN §4): the token is fetched on first use and cached per API until
 * shortly before `expires_in`, in memory and in a store the runtime gives
 * (the database, encrypted), so a restart or a second process reuses it.
 * Concurrent calls wait for one token request (single flight). The token
 * request goes through the caller's own attempt(), so it obeys the address
 * policy like the API call.
 */
import type { ApiAuth, TokenStep } from "./types.ts";
import { attempt } from "./api_caller_attempt.ts";

export type OAuth2Auth = Extract<ApiAuth, { type: "oauth2" }>;
export type { TokenStep };

/** A token as cached and stored; `expiresAt` is epoch ms. */
export interface StoredToken {
  accessToken: string;
  expiresAt: number;
  scope?: string;
}

/** Where tokens outlive the process (the runtime's database table); optional. */
export interface TokenStore {
  load(key: string): Promise<StoredToken | undefined>;
  save(key: string, apiName: string, token: StoredToken): Promise<void>;
}

export interface TokenOptions {
  blockPrivateNetworks: boolean;
  timeoutMs: number;
  fetch?: typeof fetch;
  resolve?: (hostname: string) => Promise<string[]>;
  signal?: AbortSignal;
  now?: () => number;
}

/** Without `expires_in` a token is kept this long; a 401 fetches a new one anyway. */
const DEFAULT_LIFETIME_S = 600;

/** One per process (per runtime): memory cache, in-flight requests and the store behind them. */
export class TokenCache {
  readonly #memory = new Map<string, StoredToken>();
  readonly #inflight = new Map<string, Promise<{ token?: StoredToken; step: TokenStep }>>();

  constructor(readonly store?: TokenStore) {}

  /**
   * A valid token for the API, fetched only when none is cached. `rejected`
   * is a token the API just answered 401 to: it is replaced, once, however
   * many calls saw it fail at the same time.
   */
  async token(
    apiName: string,
    auth: OAuth2Auth,
    options: TokenOptions,
    rejected?: string,
  ): Promise<{ token?: StoredToken; step: TokenStep }> {
    const now = options.now ?? Date.now;
    const key = await cacheKey(apiName, auth);
    const fresh = (t: StoredToken | undefined) =>
      t && t.accessToken !== rejected && valid(t, now()) ? t : undefined;
    const remembered = fresh(this.#memory.get(key));
    if (remembered) return { token: remembered, step: cachedStep(auth, remembered, now()) };
    const running = this.#inflight.get(key);
    if (running) return await running;
    const request = (async () => {
      const stored = fresh(await this.store?.load(key).catch(() => undefined));
      if (stored) {
        this.#memory.set(key, stored);
        return { token: stored, step: cachedStep(auth, stored, now()) };
      }
      const fetched = await requestToken(auth, options, now);
      if (fetched.token) {
        this.#memory.set(key, fetched.token);
        await this.store?.save(key, apiName, fetched.token).catch(() => undefined);
      }
      return fetched;
    })();
    this.#inflight.set(key, request);
    try {
      return await request;
    } finally {
      this.#inflight.delete(key);
    }
  }
}

/** `expiresAt` is already set shortly before the server's expiry (see requestToken). */
function valid(token: StoredToken, now: number): boolean {
  return now < token.expiresAt;
}

function cachedStep(auth: OAuth2Auth, token: StoredToken, now: number): TokenStep {
  return {
    url: auth.tokenUrl,
    status: 200,
    durationMs: 0,
    cached: true,
    scope: token.scope,
    expiresInS: Math.max(0, Math.round((token.expiresAt - now) / 1000)),
  };
}

/** The cache key: the API and its credentials, hashed, so new credentials never reuse an old token. */
async function cacheKey(apiName: string, auth: OAuth2Auth): Promise<string> {
  const text = JSON.stringify([
    apiName,
    auth.tokenUrl,
    auth.clientId,
    auth.clientSecret,
    auth.scope ?? "",
    auth.audience ?? "",
    auth.clientAuth ?? "basic",
  ]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** One token request; failures come back as a step with `error`, never as exceptions. */
async function requestToken(
  auth: OAuth2Auth,
  options: TokenOptions,
  now: () => number,
): Promise<{ token?: StoredToken; step: TokenStep }> {
  const started = performance.now();
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (auth.scope) form.set("scope", auth.scope);
  if (auth.audience) form.set("audience", auth.audience);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  if ((auth.clientAuth ?? "basic") === "basic") {
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    headers.Authorization = `Basic ${
      base64(`${formEncode(auth.clientId)}:${formEncode(auth.clientSecret)}`)
    }`;
  } else {
    form.set("client_id", auth.clientId);
    form.set("client_secret", auth.clientSecret);
  }
  const outcome = await attempt(
    { method: "POST", url: auth.tokenUrl, headers, body: form.toString() },
    {
      timeoutMs: options.timeoutMs,
      maxBodyBytes: 65_536,
      blockPrivateNetworks: options.blockPrivateNetworks,
      auth: { type: "none" },
      fetch: options.fetch,
      signal: options.signal,
      resolve: options.resolve,
    },
  );
  const step: TokenStep = {
    url: auth.tokenUrl,
    status: outcome.status,
    durationMs: Math.round(performance.now() - started),
    cached: false,
  };
  const prefix = `token request to ${auth.tokenUrl}`;
  if (outcome.status === 0) {
    return { step: { ...step, error: `${prefix} got no response: ${outcome.error}` } };
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(new TextDecoder().decode(outcome.bytes));
    if (typeof parsed === "object" && parsed !== null) json = parsed;
  } catch {
    // A non-JSON answer is described by its status below.
  }
  if (outcome.status < 200 || outcome.status >= 300) {
    const reason = typeof json.error === "string" ? `: ${json.error.slice(0, 100)}` : "";
    return { step: { ...step, error: `${prefix} answered ${outcome.status}${reason}` } };
  }
  if (typeof json.access_token !== "string" || json.access_token === "") {
    return { step: { ...step, error: `${prefix} answered ${outcome.status} without an access_token` } };
  }
  const lifetime = Number(json.expires_in);
  const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S;
  // Shortly before expiry: a tenth of the lifetime, at most a minute, so no call sends a dying token.
  const margin = Math.min(60, seconds / 10);
  const token: StoredToken = { accessToken: json.access_token, expiresAt: now() + (seconds - margin) * 1000 };
  const scope = typeof json.scope === "string" ? json.scope : auth.scope;
  if (scope) token.scope = scope;
  return { token, step: { ...step, scope, expiresInS: Math.round(seconds) } };
}

function formEncode(text: string): string {
  return new URLSearchParams({ s: text }).toString().slice(2);
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
