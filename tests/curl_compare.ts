/**
 * Compares an imported API, field by field, with the request the real curl
 * sent for the same command (tests/fixtures/curl/sent.json): method, URL,
 * query, headers, content type, body and auth. Chatwire's request is the one
 * renderRequest() builds, so the comparison is of what each would send.
 * Shared by tests/curl_corpus_test.ts and bench/curl_corpus.ts.
 */
import * as v from "valibot";
import { ApiSchema } from "../engine/api_schema.ts";
import { renderRequest } from "../engine/template.ts";
import type { ApiDef } from "../engine/types.ts";

export interface CorpusEntry {
  id: string;
  source: { repo: string; commit: string; path: string };
  command: string;
}

export interface SentRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body?: string;
  bodyBase64?: string;
}

export interface SentRun {
  exit: number;
  error: string | null;
  https: boolean;
  requests: SentRequest[];
}

export const FIELDS = [
  "requests",
  "method",
  "url",
  "query",
  "headers",
  "contentType",
  "body",
  "auth",
] as const;
export type Field = typeof FIELDS[number];

/** What differs (field → "ours vs curl's"); empty when Chatwire sends what curl sent. */
export async function compareWithCurl(
  imported: Partial<ApiDef>,
  runs: SentRun[],
): Promise<Partial<Record<Field, string>>> {
  const requests = runs.flatMap((run) => run.requests);
  if (runs.length !== 1 || requests.length !== 1) {
    const why = runs.map((r) => r.error).filter(Boolean).join("; ");
    return { requests: `imported one request; curl sent ${requests.length}${why ? ` (${why})` : ""}` };
  }
  const [sent] = requests;
  const api = completeApi(imported);
  const rendered = renderRequest(api, {});
  if ("error" in rendered) return { requests: `Chatwire cannot render it: ${rendered.error}` };
  const diffs: Partial<Record<Field, string>> = {};
  const differ = (field: Field, ours: unknown, theirs: unknown) => {
    const [a, b] = [JSON.stringify(ours), JSON.stringify(theirs)];
    if (a !== b) diffs[field] = `${a} vs ${b}`;
  };
  differ("method", rendered.method, sent.method);
  const target = sent.target.replace(/^http:\/\//i, runs[0].https ? "https://" : "http://");
  const [ourBase, ourQuery = ""] = splitTarget(rendered.url);
  const [theirBase, theirQuery = ""] = splitTarget(target);
  differ("url", ourBase, theirBase);
  differ("query", pairs(ourQuery), pairs(theirQuery));
  const ourHeaders = Object.entries(rendered.headers);
  differ("headers", comparable(ourHeaders), comparable(sent.headers));
  const header = (list: [string, string][], name: string) =>
    list.filter(([k]) => k.toLowerCase() === name).map(([, value]) => value).join(", ") || null;
  const ourType = header(ourHeaders, "content-type");
  const theirType = header(sent.headers, "content-type");
  differ("contentType", mediaType(ourType), mediaType(theirType));
  // The scheme is case-insensitive (RFC 9110 §11.1): "bearer x" is "Bearer x".
  const scheme = (value: string | null) => value?.replace(/^\S+/, (s) => s.toLowerCase()) ?? null;
  differ("auth", scheme(header(ourHeaders, "authorization")), scheme(header(sent.headers, "authorization")));
  const theirBody = sent.body ?? (sent.bodyBase64 ? `base64:${sent.bodyBase64}` : "");
  const ours = await bodyMeaning(rendered.body ?? "", ourType);
  const theirs = await bodyMeaning(theirBody, theirType);
  differ("body", ours, theirs);
  return diffs;
}

/** An imported API as the document would hold it, or the schema's complaint. */
export function completeApi(imported: Partial<ApiDef>): ApiDef {
  return {
    name: "Imported",
    method: "GET",
    url: "",
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 10000,
    mappings: [],
    ...imported,
  } as ApiDef;
}

/** Why the imported API is not a valid API of the document, or null. */
export function schemaProblem(imported: Partial<ApiDef>): string | null {
  const result = v.safeParse(ApiSchema, completeApi(imported));
  return result.success ? null : result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join("; ");
}

function splitTarget(url: string): [string, string?] {
  const q = url.indexOf("?");
  const base = q < 0 ? url : url.slice(0, q);
  const withPath = /^[a-z]+:\/\/[^/]+$/i.test(base) ? `${base}/` : base;
  const parts = /^([a-z]+:\/\/)([^/]+)(.*)$/i.exec(withPath);
  const normal = parts ? `${parts[1].toLowerCase()}${parts[2].toLowerCase()}${parts[3]}` : withPath;
  return q < 0 ? [normal] : [normal, url.slice(q + 1)];
}

/** Query pairs by meaning: `a%20b`, `a+b` and `a b` are one value; bytes that are not UTF-8 stay as typed. */
function pairs(query: string): [string, string][] {
  return query.split("&").filter((p) => p !== "").map((pair) => {
    const eq = pair.indexOf("=");
    const [k, value] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    return [decode(k), decode(value)];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** Headers but the ones each client adds itself and the ones compared apart. */
function comparable(headers: [string, string][]): [string, string][] {
  const skip = new Set([
    "host",
    "content-length",
    "proxy-connection",
    "expect",
    "transfer-encoding",
    "content-type",
    "authorization",
    // Negotiated by each client on its own (Deno's fetch asks for gzip and br itself).
    "accept-encoding",
    "connection",
    "upgrade",
    "http2-settings",
    "te",
  ]);
  const merged = new Map<string, string[]>();
  for (const [key, value] of headers) {
    const name = key.toLowerCase();
    if (
      skip.has(name) || (name === "user-agent" && /^curl\//.test(value)) ||
      (name === "accept" && value === "*/*")
    ) {
      continue;
    }
    merged.set(name, [...(merged.get(name) ?? []), value.trim()]);
  }
  return [...merged].map(([name, values]) =>
    [name, name === "cookie" ? values.join(";").split(/;\s*/).join("; ") : values.join(", ")] as [
      string,
      string,
    ]
  )
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}

function mediaType(value: string | null): string | null {
  if (value === null) return null;
  return value.toLowerCase().replace(/;\s*boundary=[^;]*/, "").replace(/\s*;\s*/g, "; ").trim();
}

/** A body by its meaning for its type: JSON parsed, form pairs, multipart fields, else the text. */
async function bodyMeaning(body: string, type: string | null): Promise<unknown> {
  const media = mediaType(type) ?? "";
  if (media.startsWith("multipart/form-data") && type) {
    try {
      const form = await new Response(body, { headers: { "content-type": type } }).formData();
      return { multipart: [...form.entries()].map(([k, value]) => [k, String(value)]) };
    } catch {
      return { multipartUnreadable: body };
    }
  }
  if (/json/.test(media)) {
    try {
      return { json: JSON.parse(body) };
    } catch {
      return { text: body };
    }
  }
  if (media.startsWith("application/x-www-form-urlencoded") && !/[\r\n]/.test(body)) {
    return { form: pairs(body) };
  }
  return { text: body };
}
