/**
 * Text bodies and header values (DESIGN §4 "Placeholders"): each value is
 * encoded for where it lands, so a WhatsApp user's text stays data.
 */
import type { AttributeType, AttributeValues } from "./types.ts";
import { placeholderPattern } from "./placeholders.ts";
import { valueText } from "./template_url.ts";
import { renderJsonBody } from "./template_json.ts";

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Renders a text body for its content type: XML types (`*\/xml`, `*+xml`)
 * escape `& < > " '`, JSON types (`*\/json`, `*+json`) render as a JSON
 * body, anything else inserts values as typed (the editor says so).
 */
export function renderTextBody(
  template: string,
  contentType: string,
  values: AttributeValues,
  attributeTypes?: Record<string, AttributeType>,
): string | { error: string } {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (/^[^/]+\/([^/]+\+)?json$/.test(type)) return renderJsonBody(template, values, attributeTypes);
  const xml = /^[^/]+\/([^/]+\+)?xml$/.test(type);
  return template.replace(placeholderPattern(), (_, name: string) => {
    const value = valueText(values, name);
    return xml ? value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]) : value;
  });
}

/**
 * A header value as it may be sent, or null when it must fail the call: any
 * control character (C0 with tab, DEL, C1 such as U+0085, U+2028/U+2029)
 * could split or smuggle a header. Other characters beyond printable ASCII
 * are percent-encoded as UTF-8 (`Zoë` → `Zo%C3%AB`), never sent as raw bytes.
 */
export function headerValue(value: string): string | null {
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return null;
  return value.replace(/[^\u0020-\u007e]+/g, (run) => {
    let encoded = "";
    for (const byte of new TextEncoder().encode(run)) {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return encoded;
  });
}
