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
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/
    .exec(template.trim());
  if (!parts) return { error: `Invalid URL "${template}": not absolute` };
  const [, scheme, authority, path, search = ""] = parts;
  if (placeholderPattern().test(scheme + authority)) {
    return {
      error: "Invalid URL: placeholders are not allowed in the scheme, host or port",
    };
  }
  if (!/^https?$/i.test(scheme)) {
    return { error: `Invalid URL: scheme "${scheme}" is not http or https` };
  }
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
  try {
    new URL(url);
  } catch {
    return { error: `Invalid URL "${url}"` };
  }
  return url;
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
