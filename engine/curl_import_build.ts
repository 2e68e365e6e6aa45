/**
 * Turns what was read from a curl command line into an API: the URL and
 * its query, the method curl would use, headers, body and auth. Anything
 * that would make an API that cannot be called (a GET with a body, two
 * URLs, Digest auth) is converted the way curl allows, or refused.
 */
import type { ApiAuth, ApiDef, HttpMethod, KeyValue } from "./types.ts";
import { HTTP_METHODS } from "./types.ts";
import type { CurlState, HeaderRow } from "./curl_import_options.ts";
import { bodyOf, parseQuery } from "./curl_import_body.ts";
import { urlProblem } from "./bot_document_url.ts";

/** The API curl's command line describes, or `{ error }`. */
export function buildApi(state: CurlState): { api: Partial<ApiDef> } | { error: string } {
  const { warnings } = state;
  if (state.urls.length === 0) return { error: "no URL" };
  if (state.urls.some((url) => /^\s+-/.test(url))) {
    return {
      error: 'a "\\ " before an option made it part of a word: put each option on its own line ending in \\',
    };
  }
  if (state.urls.length > 1) {
    return {
      error: `it calls ${state.urls.length} URLs (${state.urls.join(", ")}): import one request at a time`,
    };
  }
  const globbed = state.urls[0].replace(/\{\{[^{}]*\}\}/g, "");
  if (/[{}[\]]/.test(globbed) && !state.ignored.has("globoff")) {
    warnings.push(
      "curl would read {…} and […] in the URL as a pattern of several URLs (unless -g): Chatwire sends it as typed",
    );
  }
  const target = splitUrl(state.urls[0], warnings);
  if ("error" in target) return target;
  const hasData = state.data.length > 0;
  const hasForm = state.form.length > 0;
  if (hasData && hasForm) return { error: "-d and -F cannot be used together (curl refuses it too)" };
  if (state.get && hasForm) return { error: "-G and -F cannot be used together (curl refuses it too)" };

  let method = state.method?.toUpperCase();
  if (state.method !== undefined && method !== state.method) {
    warnings.push(`The method "${state.method}" is sent in capitals, ${method} (curl sends it as typed)`);
  }
  method ??= state.get ? "GET" : hasData || hasForm ? "POST" : "GET";
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return {
      error: `method "${method}" is not supported: Chatwire's methods are ${HTTP_METHODS.join(", ")}`,
    };
  }
  if (method === "GET" && hasForm) {
    return {
      error:
        "a GET cannot carry the multipart body -F makes: remove -X GET (curl would send a POST-style body)",
    };
  }
  const data = joinData(state);
  const queryParts = [target.search, ...state.urlQuery];
  if (hasData && (state.get || method === "GET")) {
    if (!state.get) {
      warnings.push(
        "A GET cannot carry a body, so the data was moved to the query string, as curl -G does",
      );
    }
    queryParts.push(data);
  }
  const { url, query } = queryOf(target.base, queryParts.filter((p) => p !== ""));
  const urlError = urlProblem(url);
  if (urlError) return { error: urlError };
  const headers = finalHeaders(state);
  const badName = headers.find((h) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.key));
  if (badName) return { error: `"${badName.key}" is not a valid header name (were the quotes curly?)` };
  const api: Partial<ApiDef> = { method: method as HttpMethod, url, query, headers, body: null };
  if (hasForm) api.body = multipart(state.form, headers, warnings);
  else if (hasData && !state.get && method !== "GET") {
    const body = bodyOf(data, headers, warnings);
    if (body !== null && "error" in body) return body;
    api.body = body;
  }
  const auth = authOf(state, target.userinfo, headers, warnings);
  if ("error" in auth) return auth;
  api.auth = auth;
  if (state.timeoutMs !== undefined) api.timeoutMs = state.timeoutMs;
  if (state.retry !== undefined && state.retry > 0) api.retry = { attempts: state.retry };
  return { api };
}

/** Scheme (http assumed, as curl does), fragment dropped, `user:pass@` taken out. */
function splitUrl(
  raw: string,
  warnings: string[],
): { base: string; search: string; userinfo?: string } | { error: string } {
  let url = raw.trim().replace(/#.*$/s, "");
  if (url === "") return { error: "the URL is empty" };
  if (!/^https?:\/\//i.test(url)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return { error: "only http and https URLs can be called" };
    url = `http://${url.replace(/^\/\//, "")}`;
    warnings.push("The URL had no scheme: http:// was assumed, as curl does");
  }
  const parts = /^(https?:\/\/)([^/?]*@)?([^?]*)(?:\?(.*))?$/is.exec(url)!;
  return { base: parts[1] + parts[3], search: parts[4] ?? "", userinfo: parts[2]?.slice(0, -1) };
}

/** -d pieces are joined with `&`, --json pieces are appended as they are. */
function joinData(state: CurlState): string {
  return state.data.reduce(
    (all, part, i) => i === 0 ? part.text : `${all}${part.flag === "--json" ? "" : "&"}${part.text}`,
    "",
  );
}

/**
 * Query rows when every pair decodes to text (so Chatwire re-encodes them to
 * the same meaning); otherwise the query stays in the URL byte for byte.
 */
function queryOf(base: string, parts: string[]): { url: string; query: KeyValue[] } {
  const search = parts.join("&");
  const rows = parseQuery(search);
  if (rows !== null) return { url: base, query: rows };
  return { url: search === "" ? base : `${base}?${search}`, query: [] };
}

function finalHeaders(state: CurlState): KeyValue[] {
  const rows: HeaderRow[] = state.headers;
  const named = (row: HeaderRow) => (h: HeaderRow) => h.key.toLowerCase() === row.key.toLowerCase();
  const removed = rows.filter((h) => h.remove);
  const kept = rows.filter((row) =>
    !row.remove && !removed.some(named(row)) &&
    !(row.fromOption && rows.some((h) => !h.fromOption && named(row)(h)))
  );
  // Chatwire sends one header per name: repeated ones are joined as HTTP allows (RFC 9110 §5.3).
  const headers: KeyValue[] = [];
  for (const { key, value } of kept) {
    const same = headers.find((h) =>
      h.key.toLowerCase() === key.toLowerCase() && key.toLowerCase() !== "cookie"
    );
    if (same) same.value = `${same.value}, ${value}`;
    else headers.push({ key, value });
  }
  const cookieRows = headers.filter((h) => h.key.toLowerCase() === "cookie");
  const cookies = [...cookieRows.map((h) => h.value), ...state.cookies];
  if (cookies.length > 0) {
    const merged = cookies.join("; ");
    if (cookieRows.length > 0) cookieRows[0].value = merged;
    else headers.push({ key: "Cookie", value: merged });
    for (const extra of cookieRows.slice(1)) headers.splice(headers.indexOf(extra), 1);
  }
  if (state.json) {
    for (const [key, value] of [["Content-Type", "application/json"], ["Accept", "application/json"]]) {
      if (!rows.some((h) => h.key.toLowerCase() === key.toLowerCase())) headers.push({ key, value });
    }
  }
  return headers;
}

function multipart(fields: KeyValue[], headers: KeyValue[], warnings: string[]): ApiDef["body"] {
  const typeRow = headers.find((h) => h.key.toLowerCase() === "content-type");
  if (typeRow) {
    headers.splice(headers.indexOf(typeRow), 1);
    if (!/^multipart\/form-data/i.test(typeRow.value)) {
      warnings.push(
        `Ignored the header "Content-Type: ${typeRow.value}": a multipart body is sent as multipart/form-data`,
      );
    }
  }
  return { type: "multipart", fields };
}

/** -u, user:pass@ in the URL, --oauth2-bearer and an Authorization header, in curl's order of precedence. */
function authOf(
  state: CurlState,
  userinfo: string | undefined,
  headers: KeyValue[],
  warnings: string[],
): ApiAuth | { error: string } {
  let auth: ApiAuth = { type: "none" };
  const user = state.user ?? (userinfo === undefined ? undefined : decodeUserinfo(userinfo));
  if (user !== undefined && state.authScheme) {
    return {
      error: `${state.authScheme}: ${state.authScheme.slice(2)} authentication cannot be expressed, ` +
        "and Chatwire sends Basic and Bearer auth only (use --basic if the server accepts Basic)",
    };
  }
  if (state.authScheme) warnings.push(`Ignored ${state.authScheme}: there are no credentials (-u) to send`);
  if (user !== undefined) {
    const colon = user.indexOf(":");
    if (colon < 0) warnings.push("-u has no password (curl would ask for one): it was left empty");
    auth = colon < 0
      ? { type: "basic", username: user, password: "" }
      : { type: "basic", username: user.slice(0, colon), password: user.slice(colon + 1) };
  }
  if (state.bearer !== undefined) {
    if (auth.type !== "none") warnings.push("--oauth2-bearer replaces the -u credentials, as in curl");
    auth = { type: "bearer", token: state.bearer };
  }
  const row = headers.find((h) => h.key.toLowerCase() === "authorization");
  if (!row) return auth;
  const bearer = /^Bearer\s+(\S+)$/i.exec(row.value);
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(row.value);
  const pair = basic ? decodeBase64(basic[1]) : undefined;
  if (bearer) auth = { type: "bearer", token: bearer[1] };
  else if (pair !== undefined && pair.includes(":")) {
    const colon = pair.indexOf(":");
    auth = { type: "basic", username: pair.slice(0, colon), password: pair.slice(colon + 1) };
  } else return auth; // another scheme stays a header, sent as typed
  headers.splice(headers.indexOf(row), 1);
  return auth;
}

function decodeUserinfo(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeBase64(text: string): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}
