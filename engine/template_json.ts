/**
 * JSON body templates (DESIGN §4 "Placeholders"): inside a JSON string a
 * value is string-escaped; a placeholder standing alone becomes a JSON
 * literal. The result is parsed before it is sent, so it is always JSON.
 */
import type { AttributeType, AttributeValues } from "./types.ts";
import { placeholderPattern } from "./placeholders.ts";
import { valueText } from "./template_url.ts";

/** Renders a JSON body template; `{ error }` when the template is not JSON. */
export function renderJsonBody(
  template: string,
  values: AttributeValues,
  attributeTypes: Record<string, AttributeType> = {},
): string | { error: string } {
  const body = substitute(template, {
    inString: (name) => JSON.stringify(valueText(values, name)).slice(1, -1),
    standalone: (name) => jsonLiteral(values[name], attributeTypes[name]),
  });
  const problem = parseProblem(body);
  return problem ? { error: `Invalid JSON body: ${problem}` } : body;
}

/**
 * Checks a JSON body template's syntax, placeholders allowed: a readable
 * error (with line and column of the template) or null.
 */
export function checkJsonTemplate(template: string): string | null {
  // Same-length stand-ins keep positions in the error pointing at the template.
  const probe = substitute(template, {
    inString: (_, raw) => "x".repeat(raw.length),
    standalone: (_, raw) => `"${"x".repeat(raw.length - 2)}"`,
  });
  return parseProblem(probe, template);
}

interface Substitutions {
  inString: (name: string, raw: string) => string;
  standalone: (name: string, raw: string) => string;
}

/** Walks the template once, knowing whether each placeholder sits in a string. */
function substitute(template: string, subs: Substitutions): string {
  let out = "";
  let inString = false;
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === "{" && template[i + 1] === "{") {
      const pattern = placeholderPattern();
      pattern.lastIndex = i;
      const match = pattern.exec(template);
      if (match && match.index === i) {
        out += inString ? subs.inString(match[1], match[0]) : subs.standalone(match[1], match[0]);
        i += match[0].length;
        continue;
      }
    }
    if (inString && ch === "\\") {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
    i++;
  }
  return out;
}

function jsonLiteral(value: unknown, type: AttributeType | undefined): string {
  if (type === "number" || (type === undefined && typeof value === "number")) {
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof n === "number" && Number.isFinite(n)) return JSON.stringify(n);
  }
  if (
    type === "boolean" || (type === undefined && typeof value === "boolean")
  ) {
    if (value === true || value === "true") return "true";
    if (value === false || value === "false") return "false";
  }
  return JSON.stringify(
    value === undefined || value === null ? "" : String(value),
  );
}

function parseProblem(text: string, source = text): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    if (!at) return message;
    const before = source.slice(0, Number(at[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return `${message.replace(/ (in JSON )?at position \d+.*$/, "")} at line ${line}, column ${column}`;
  }
}
