/**
 * The body of an imported `-d`/`--json` request: a JSON template, form
 * fields, or text sent byte for byte with the content type curl would send.
 */
import type { ApiBody, KeyValue } from "./types.ts";
import { checkJsonTemplate } from "./template_json.ts";

const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * Chooses the body type. Form fields only when every pair decodes to text,
 * so that Chatwire's re-encoding means the same (`%D2`, not valid UTF-8,
 * stays a text body as typed instead of becoming `%25D2`).
 */
export function bodyOf(data: string, headers: KeyValue[], warnings: string[]): ApiBody | { error: string } {
  const typeRow = headers.find((h) => h.key.toLowerCase() === "content-type");
  const type = typeRow?.value.toLowerCase() ?? "";
  const drop = () => typeRow && headers.splice(headers.indexOf(typeRow), 1);
  const jsonType = /^[^/;]+\/([^/;]+\+)?json\s*(;|$)/.test(type);
  const jsonProblem = checkJsonTemplate(data);
  if (jsonType && jsonProblem !== null) {
    // Chatwire sends a JSON-typed body only when it is JSON (its placeholders are encoded as JSON).
    return {
      error: `the data is sent as ${typeRow!.value} but is not valid JSON (${jsonProblem}): fix the data`,
    };
  }
  if ((jsonType || (type === "" && looksJson(data))) && jsonProblem === null) {
    if (type === "") {
      warnings.push(
        `The data is JSON but has no Content-Type: curl would label it ${FORM_TYPE}, Chatwire sends it as application/json`,
      );
    }
    if (type === "" || type === "application/json") drop(); // else the typed header is sent as is
    return { type: "json", template: data };
  }
  const fields = type === "" || type.startsWith(FORM_TYPE) ? parseQuery(data) : null;
  if (fields !== null && (fields.length > 0 || data === "")) {
    if (type === "" || type === FORM_TYPE) drop();
    return { type: "form", fields };
  }
  drop();
  return { type: "text", template: data, contentType: typeRow?.value ?? FORM_TYPE };
}

/** `a=1&b=two%20words` as rows, or null when a pair lacks `=` or does not decode to text. */
export function parseQuery(search: string): KeyValue[] | null {
  const rows: KeyValue[] = [];
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    if (eq <= 0) return null;
    const key = decode(pair.slice(0, eq));
    const value = decode(pair.slice(eq + 1));
    if (key === null || value === null) return null;
    rows.push({ key, value });
  }
  return rows;
}

function decode(text: string): string | null {
  if (/[\r\n]/.test(text)) return null; // multi-line data is not a form
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function looksJson(data: string): boolean {
  return /^\s*[[{]/.test(data);
}
