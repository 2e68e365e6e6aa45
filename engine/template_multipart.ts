/**
 * A `multipart/form-data` body of text fields (DESIGN §4), written as the
 * HTML standard's encoding algorithm does (what browsers and Deno's own
 * FormData send): names escape `"`, CR and LF as %22 %0D %0A, values
 * normalise line breaks to CRLF. It is rendered to a string, so redirects
 * and retries resend the same bytes and the caller needs no second body kind.
 */
import type { AttributeValues, KeyValue } from "./types.ts";
import { renderPlain } from "./template_url.ts";

/** The body and its Content-Type (with the boundary) for `fields`. */
export function renderMultipart(
  fields: KeyValue[],
  values: AttributeValues,
  boundary = newBoundary(),
): { body: string; contentType: string } {
  const rendered = fields.map((f) => renderPlain(f.value, values));
  if (rendered.some((value) => value.includes(boundary))) return renderMultipart(fields, values);
  let body = "";
  for (const field of fields) {
    if (field.key === "") continue;
    const name = escapeName(renderPlain(field.key, values));
    const value = renderPlain(field.value, values).replace(/\r\n|\r|\n/g, "\r\n");
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function escapeName(name: string): string {
  return name.replace(/\r\n|\r|\n/g, "\r\n").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
}

/**
 * A boundary that no typed value can guess: 24 random bytes. A value that
 * happened to contain it would end its part early, so it is random per call.
 */
function newBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `----chatwire${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
