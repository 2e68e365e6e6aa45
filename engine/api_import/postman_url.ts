/**
 * A Postman request URL (a string, or the object form with `raw`, `query`
 * and path `variable`s) as a Chatwire URL template and query rows. The
 * scheme, host and port cannot hold placeholders (DESIGN §4), so variables
 * there take their collection value, or the import's base URL.
 */
import type { KeyValue } from "../types.ts";
import { urlProblem } from "../bot_document_url.ts";
import type { Templater } from "./postman_vars.ts";

const LEADING_VARIABLE = /^\{\{\s*([^{}]+?)\s*\}\}/;

/** The URL template and query rows, or why the request cannot become an API. */
export function postmanUrl(
  url: unknown,
  t: Templater,
  baseUrl?: string,
): { url: string; query: KeyValue[] } | { reason: string } {
  const obj = typeof url === "object" && url !== null ? url as Record<string, unknown> : undefined;
  let raw = typeof url === "string" ? url : typeof obj?.raw === "string" ? obj.raw : rebuild(obj);
  raw = raw.trim();
  if (raw === "") return { reason: "The request has no URL" };
  const cut = raw.search(/[?#]/);
  let base = cut === -1 ? raw : raw.slice(0, cut);
  const rawQuery = cut === -1 || raw[cut] === "#" ? "" : raw.slice(cut + 1).split("#")[0];

  // Leading variables ({{base_url}}/users) stand for the origin: they need a value now.
  let usedBase = false;
  for (let match = LEADING_VARIABLE.exec(base); match; match = LEADING_VARIABLE.exec(base)) {
    const value = t.resolved(match[0]) ?? (usedBase ? undefined : baseUrl?.replace(/\/+$/, ""));
    if (value === undefined) {
      return {
        reason: `The URL starts with {{${match[1]}}}, which has no value in the collection: ` +
          "give the import a base URL",
      };
    }
    if (t.resolved(match[0]) === undefined) usedBase = true;
    base = value + base.slice(match[0].length);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) base = `http://${base}`;
  const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(base)!;
  const host = t.resolved(origin[1]);
  if (host === undefined) {
    return { reason: `The host "${origin[1]}" uses a variable without a value in the collection` };
  }
  let path = origin[2];
  // Path variables (:id) become placeholders; their values become test values.
  const pathVariables = Array.isArray(obj?.variable) ? obj.variable as Record<string, unknown>[] : [];
  path = path.replace(/(^|\/):([A-Za-z_][A-Za-z0-9_-]*)(?=\/|$)/g, (_, slash: string, key: string) => {
    const entry = pathVariables.find((v) => v?.key === key);
    const name = t.namer.name(key);
    const value = entry?.value;
    if (value !== undefined && value !== null && String(value) !== "" && t.testValues[name] === undefined) {
      t.testValues[name] = t.resolved(String(value)) ?? String(value);
    }
    return `${slash}{{${name}}}`;
  });
  const template = host + t.text(path);
  const problem = urlProblem(template);
  if (problem) return { reason: problem };
  return { url: template, query: queryRows(obj?.query, rawQuery, t) };
}

function queryRows(list: unknown, rawQuery: string, t: Templater): KeyValue[] {
  if (Array.isArray(list)) {
    return list
      .filter((q) => typeof q === "object" && q !== null && q.disabled !== true && q.key != null)
      .map((q) => ({ key: t.text(q.key), value: t.text(q.value) }));
  }
  if (rawQuery === "") return [];
  return rawQuery.split("&").filter((part) => part !== "").map((part) => {
    const eq = part.indexOf("=");
    const [key, value] = eq === -1 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    return { key: t.text(decode(key)), value: t.text(decode(value)) };
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

/** The raw URL of the object form when it has no `raw`. */
function rebuild(obj: Record<string, unknown> | undefined): string {
  if (!obj) return "";
  const join = (part: unknown, sep: string) => Array.isArray(part) ? part.join(sep) : String(part ?? "");
  const protocol = obj.protocol ? `${obj.protocol}://` : "";
  const port = obj.port ? `:${obj.port}` : "";
  const path = obj.path ? `/${join(obj.path, "/")}` : "";
  return `${protocol}${join(obj.host, ".")}${port}${path}`;
}
