/**
 * Mapping an API's JSON response into attributes with JSONPath
 * (jsonpath-plus, DESIGN §4), and the previews the API page shows.
 */
import { JSONPath } from "jsonpath-plus";
import type { AttributeDef, AttributeValue, AttributeValues, Mapping, TraceEntry } from "./types.ts";
import { coerceValue, isSystemAttribute } from "./nodes/shared.ts";
import { appliesTo } from "./mapping_status.ts";

type MappingTrace = Extract<TraceEntry, { type: "mapping" }>;

/**
 * The attribute values the mappings yield from a response (DESIGN §4). Only
 * mappings whose `status` covers the response's code apply; status 0 applies
 * none. One match stores the value (objects and arrays as JSON text), several
 * matches a JSON array text. No match clears the attribute back to its
 * default (or "") unless the mapping says `keep`, so an earlier call's field
 * never passes for this call's answer; a clear never undoes a value another
 * mapping stored from the same response. An invalid path changes nothing.
 */
export function applyMappings(
  mappings: Mapping[],
  response: { status: number; json?: unknown },
  attributes: AttributeDef[],
): { values: AttributeValues; trace: MappingTrace[] } {
  const values: AttributeValues = {};
  const stored = new Set<string>();
  const trace: MappingTrace[] = [];
  for (const mapping of mappings) {
    if (!appliesTo(mapping, response.status)) continue;
    const { path, attribute } = mapping;
    const found = evaluate(path, response.json);
    if (isSystemAttribute(attribute) || "error" in found) {
      trace.push({ type: "mapping", path, attribute, matched: false });
      continue;
    }
    const def = attributes.find((a) => a.name === attribute);
    if (found.matches.length === 0) {
      if (mapping.keep || stored.has(attribute)) {
        trace.push({ type: "mapping", path, attribute, matched: false });
        continue;
      }
      const cleared = def?.default ?? "";
      values[attribute] = cleared;
      trace.push({ type: "mapping", path, attribute, value: cleared, matched: false, cleared: true });
      continue;
    }
    const value = coerceValue(matchValue(found.matches), def?.type);
    values[attribute] = value;
    stored.add(attribute);
    trace.push({ type: "mapping", path, attribute, value, matched: true });
  }
  return { values, trace };
}

/** What a path would store from a sample body, for the API page's preview. */
export function previewMapping(
  path: string,
  json: unknown,
): { ok: true; value: string; matches: number } | { ok: false; error: string } {
  const found = evaluate(path, json);
  if ("error" in found) return { ok: false, error: found.error };
  const { matches } = found;
  return {
    ok: true,
    value: matches.length === 0 ? "" : String(matchValue(matches)),
    matches: matches.length,
  };
}

/**
 * Why a JSONPath is not usable, or null. jsonpath-plus forgives a lot
 * ("$.a[" matches $.a), so the obvious typos are caught here.
 */
export function jsonPathError(path: string): string | null {
  const p = path.trim();
  if (!p.startsWith("$")) {
    return `Invalid JSONPath "${path}": it must start with $`;
  }
  let depth = 0;
  let quote: string | null = null;
  for (const ch of p) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "[") depth++;
    else if (ch === "]" && --depth < 0) break;
  }
  if (quote) return `Invalid JSONPath "${path}": unclosed quote`;
  if (depth !== 0) return `Invalid JSONPath "${path}": unbalanced brackets`;
  if (/\.$/.test(p) && !p.endsWith("..")) {
    return `Invalid JSONPath "${path}": it ends with a dot`;
  }
  return null;
}

function evaluate(
  path: string,
  json: unknown,
): { matches: unknown[] } | { error: string } {
  const invalid = jsonPathError(path);
  if (invalid) return { error: invalid };
  if (json === null || typeof json !== "object") return { matches: [] };
  try {
    const result = JSONPath({
      path: path.trim(),
      json: json as object,
      wrap: true,
    });
    return { matches: Array.isArray(result) ? result : [] };
  } catch (error) {
    return { error: `Invalid JSONPath "${path}": ${(error as Error).message}` };
  }
}

/** One match as a value (null as ""), several as one JSON array text. */
function matchValue(matches: unknown[]): AttributeValue {
  if (matches.length > 1) return JSON.stringify(matches);
  const value = matches[0];
  if (value === null || value === undefined) return "";
  if (
    typeof value === "string" || typeof value === "number" ||
    typeof value === "boolean"
  ) {
    return value;
  }
  return JSON.stringify(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const SAMPLE_LENGTH = 80;
const MAX_PATHS = 1000;

/**
 * Every path of a sample body, for picking a mapping: objects recursively,
 * arrays as `[0]` (the first item) and `[*]` (all items), e.g.
 * `$.items[0].name` and `$.items[*].name`.
 */
export function listPaths(json: unknown): { path: string; sample: string }[] {
  const out: { path: string; sample: string }[] = [];
  walk("$", json, out);
  // Below a [*] the runtime stores every match as a JSON list: show that, not the first item.
  return out.map((entry) => {
    if (!entry.path.includes("[*]")) return entry;
    const preview = previewMapping(entry.path, json);
    return preview.ok ? { path: entry.path, sample: sample(preview.value) } : entry;
  });
}

function walk(
  prefix: string,
  value: unknown,
  out: { path: string; sample: string }[],
): void {
  if (out.length >= MAX_PATHS || value === null || typeof value !== "object") {
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    for (const index of ["[0]", "[*]"]) {
      const path = prefix + index;
      out.push({ path, sample: sample(index === "[0]" ? value[0] : value) });
      walk(path, value[0], out);
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const path = prefix +
      (IDENTIFIER.test(key) ? `.${key}` : `['${key.replaceAll("'", "\\'")}']`);
    out.push({ path, sample: sample(child) });
    walk(path, child, out);
  }
}

function sample(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH - 1)}…` : text;
}
