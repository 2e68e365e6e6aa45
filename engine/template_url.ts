/**
 * Rendering an API's URL and query rows so that a placeholder value can
 * never change the request's shape (DESIGN §4 "Placeholders").
 */
import type { AttributeValues, KeyValue } from "./types.ts";
import { placeholderPattern } from "./placeholders.ts";

/** A value as text: unknown attributes render as "". */
export function valueText(values: AttributeValues, name: string): string {
  const value = values[name];
  return value === undefined || value === null ? "" : String(value);
}

/**
 * The absolute URL to call: placeholders in the path are one encoded
 * segment each, in the URL's own query string one encoded value each;
 * `query` rows (and `extraQuery`, e.g. an API key) are appended encoded.
 * Placeholders in the scheme, host or port are refused.
 */
export function renderUrl(
  template: string,
  values: AttributeValues,
  options: { query?: KeyValue[]; extraQuery?: KeyValue[] } = {},
): string | { error: string } {
  const parts = splitUrlTemplate(template);
  if ("error" in parts) return { error: `Invalid URL: ${parts.error}` };
  const { scheme, authority, path, search } = parts;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    const rendered = segment.replace(
      placeholderPattern(),
      (_, name: string) => encodeURIComponent(valueText(values, name)),
    );
    // WHATWG URLs (and so fetch) treat "..", "%2E%2E" and ".%2e" alike as
    // "go up": no encoding keeps such a segment as data, so refuse it.
    if (rendered !== segment && isDotSegment(rendered)) {
      return {
        error: `Invalid URL: a placeholder made the path segment "${rendered}"`,
      };
    }
    segments.push(rendered);
  }
  let query = search.slice(1).replace(
    placeholderPattern(),
    (_, name: string) => encodeURIComponent(valueText(values, name)),
  );
  for (const row of [...(options.query ?? []), ...(options.extraQuery ?? [])]) {
    if (row.key === "") continue;
    const pair = `${encodeURIComponent(renderPlain(row.key, values))}=${
      encodeURIComponent(renderPlain(row.value, values))
    }`;
    query = query === "" ? pair : `${query}&${pair}`;
  }
  const url = `${scheme.toLowerCase()}://${authority}${segments.join("/")}${query === "" ? "" : `?${query}`}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `Invalid URL "${url}"` };
  }
  // Whatever the values were, the request goes where the template says.
  const origin = new URL(`${scheme}://${authority}/`);
  if (
    parsed.protocol !== origin.protocol || parsed.hostname !== origin.hostname ||
    parsed.port !== origin.port
  ) {
    return { error: "Invalid URL: a placeholder changed the scheme, host or port" };
  }
  return url;
}

/**
 * The parts of an API URL template, or why it is refused: it must be
 * absolute http(s) with a non-empty host, and no placeholder may sit in the
 * scheme, host or port (WHATWG parsing would take `http:///{{host}}` as
 * host `{{host}}`). Tabs and line breaks are dropped first, as URL parsing
 * itself does, so they cannot hide an empty authority.
 */
export function splitUrlTemplate(
  template: string,
): { scheme: string; authority: string; path: string; search: string } | { error: string } {
  const text = template.trim().replace(/[\t\n\r]/g, "");
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#\\]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(text);
  if (!parts) return { error: "the URL must be absolute, starting with http:// or https://" };
  const [, scheme, authority, path, search = ""] = parts;
  if (/\{\{|\}\}/.test(scheme + authority) || (authority === "" && /\{\{/.test(path))) {
    return { error: "placeholders are not allowed in the scheme, host or port" };
  }
  if (!/^https?$/i.test(scheme)) return { error: `scheme "${scheme}" is not http or https` };
  if (authority === "" || /^[^@]*@$/.test(authority)) return { error: "the URL needs a host after //" };
  if (path.startsWith("\\")) return { error: "a backslash cannot follow the host" };
  try {
    if (new URL(`${scheme}://${authority}/`).hostname === "") {
      return { error: "the URL needs a host after //" };
    }
  } catch {
    return { error: `"${scheme}://${authority}" is not a valid host and port` };
  }
  return { scheme, authority, path, search };
}

/** Plain substitution, the text contexts (messages, `set` values). */
export function renderPlain(template: string, values: AttributeValues): string {
  return template.replace(
    placeholderPattern(),
    (_, name: string) => valueText(values, name),
  );
}

function isDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, ".");
  return decoded === "." || decoded === "..";
}
