/**
 * A call of an `oauth2` API (DESIGN §4): get a token (cached, or one token
 * request shared by concurrent calls), call with it as a bearer token, and
 * on a 401 get a new one once and retry once. A failing token request is a
 * status 0 result naming it, never an exception. The token never leaves:
 * the request shows `Bearer ********` and an echo of it in the answer is
 * masked.
 */
import type { ApiDef, ApiResult, AttributeValues } from "./types.ts";
import { redactor, secretsOf } from "./redact.ts";
import type { CallOptions } from "./api_caller.ts";
import { type OAuth2Auth, TokenCache, type TokenOptions } from "./oauth2.ts";

/** Used when the caller gives no cache of its own (tests, benchmarks): memory only. */
const processTokens = new TokenCache();

export async function callOAuth2(
  api: ApiDef,
  auth: OAuth2Auth,
  values: AttributeValues,
  options: CallOptions,
  callPlain: (api: ApiDef, values: AttributeValues, options: CallOptions) => Promise<ApiResult>,
): Promise<ApiResult> {
  const started = performance.now();
  const tokens = options.tokens ?? processTokens;
  const tokenOptions: TokenOptions = {
    blockPrivateNetworks: options.blockPrivateNetworks ?? false,
    timeoutMs: api.timeoutMs,
    fetch: options.fetch,
    resolve: options.resolve,
    // No caller's signal: the token request is shared, one caller's Cancel must not fail the others.
    now: options.now,
  };
  const first = await tokens.token(api.name, auth, tokenOptions);
  if (!first.token) return maskTokens(noToken(api, first.step, started), secretsOf(auth));
  let result = await callPlain(withBearer(api, first.token.accessToken), values, options);
  result.tokenRequest = first.step;
  const used = [first.token.accessToken];
  if (result.status === 401) {
    const second = await tokens.token(api.name, auth, tokenOptions, first.token.accessToken);
    if (!second.token) {
      return maskTokens({ ...noToken(api, second.step, started), attempts: result.attempts }, [
        ...used,
        ...secretsOf(auth),
      ]);
    }
    used.push(second.token.accessToken);
    const retried = await callPlain(withBearer(api, second.token.accessToken), values, options);
    result = { ...retried, attempts: result.attempts + retried.attempts, tokenRequest: second.step };
    result.durationMs = Math.round(performance.now() - started);
  }
  return maskTokens(result, [...used, ...secretsOf(auth)]);
}

function withBearer(api: ApiDef, token: string): ApiDef {
  return { ...api, auth: { type: "bearer", token } };
}

function noToken(api: ApiDef, step: NonNullable<ApiResult["tokenRequest"]>, started: number): ApiResult {
  return {
    status: 0,
    headers: {},
    body: "",
    durationMs: Math.round(performance.now() - started),
    size: 0,
    error: `Cannot get an OAuth token: ${step.error}`,
    request: { method: api.method, url: api.url, headers: {} },
    attempts: 0,
    tokenRequest: step,
  };
}

/**
 * An API that echoes the request (or leaks the token in an error) must not
 * carry the access token or the client secret into logs: engine/redact.ts.
 */
function maskTokens(result: ApiResult, secrets: string[]): ApiResult {
  const hide = redactor(secrets);
  const body = hide(result.body);
  const masked: ApiResult = {
    ...result,
    body,
    headers: Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k, hide(v)])),
  };
  if (result.json !== undefined) {
    try {
      masked.json = JSON.parse(hide(JSON.stringify(result.json)));
    } catch {
      // A mask landed outside a string (a secret that is a bare number): no parsed body rather than a leak.
      delete masked.json;
    }
  }
  if (result.error) masked.error = hide(result.error);
  if (result.tokenRequest?.error) {
    masked.tokenRequest = { ...result.tokenRequest, error: hide(result.tokenRequest.error) };
  }
  return masked;
}
