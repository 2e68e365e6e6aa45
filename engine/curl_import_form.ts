/**
 * Reads one `-F`/`--form-string` argument the way curl's form parser does
 * (docs/cmdline-opts/form.md): `name=content`, content in double quotes
 * when it holds `;`, then `;type=…`, `;filename=…`, `;headers=…` params.
 * Chatwire's multipart bodies carry text fields only, so file parts
 * (`@file`) and fields read from a file (`<file`) are refused.
 */
import type { KeyValue } from "./types.ts";

/** The text field of `value`, with what was dropped; `{ error }` when it cannot be a text field. */
export function formField(
  value: string,
  literal: boolean,
): { field: KeyValue; warnings: string[] } | { error: string } {
  const eq = value.indexOf("=");
  if (eq <= 0) return { error: "a form field needs a name: write name=content" };
  const key = value.slice(0, eq);
  const rest = value.slice(eq + 1);
  if (literal) return { field: { key, value: rest }, warnings: [] };
  if (rest.startsWith("@")) {
    return { error: "it uploads a file, and Chatwire's multipart bodies carry text fields only" };
  }
  if (rest.startsWith("<")) {
    return { error: "it reads the field's text from a file Chatwire cannot see: write name=text instead" };
  }
  const read = rest.startsWith('"') ? quoted(rest) : { text: /^[^;]*/.exec(rest)![0].trim(), end: -1 };
  if (read === null) return { error: "the quoted content has no closing quote" };
  const params = rest.slice(read.end >= 0 ? read.end : /^[^;]*/.exec(rest)![0].length);
  const warnings: string[] = [];
  for (const param of splitParams(params)) {
    const [name, ...parts] = param.split("=");
    const setting = parts.join("=").replace(/^"|"$/g, "");
    if (name === "type" && /^text\/plain\b/i.test(setting)) continue;
    warnings.push(
      name === "type" || name === "filename" || name === "headers" || name === "encoder"
        ? `Ignored ;${name}=${setting} of the form field "${key}": Chatwire sends it as a plain text field`
        : `Ignored ";${param}" after the form field "${key}": curl drops it too (quote the content to keep a ";")`,
    );
  }
  return { field: { key, value: read.text }, warnings };
}

/** `"…"` with `\"` and `\\` escapes, from the start of `text`; `end` is just past the quote. */
function quoted(text: string): { text: string; end: number } | null {
  let out = "";
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) out += text[++i];
    else if (text[i] === '"') return { text: out, end: i + 1 };
    else out += text[i];
  }
  return null;
}

/** The `;name=value` params after the content, values possibly quoted. */
function splitParams(text: string): string[] {
  const params: string[] = [];
  let current = "";
  let inQuote = false;
  for (const ch of text) {
    if (ch === '"') inQuote = !inQuote;
    if (ch === ";" && !inQuote) {
      if (current.trim() !== "") params.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim() !== "") params.push(current.trim());
  return params;
}
