/**
 * Which responses a mapping applies to (DESIGN §4): its `status` is an exact
 * code (`"404"`) or a class (`"4xx"`), `"2xx"` when absent, as in routes.
 */
import type { Mapping } from "./types.ts";

/** The status a mapping without one applies to. */
export const DEFAULT_MAPPING_STATUS = "2xx";

const STATUS = /^([1-5]\d\d|[1-5]xx)$/;

/** Why a mapping status is not usable, or null. */
export function mappingStatusError(status: string): string | null {
  return STATUS.test(status.trim().toLowerCase())
    ? null
    : `Mapping status "${status}" must be a code like "200" or a class like "4xx"`;
}

/** The mapping's status, trimmed and lower-cased, `"2xx"` when absent. */
export function mappingStatus(mapping: Pick<Mapping, "status">): string {
  const status = (mapping.status ?? "").trim().toLowerCase();
  return status === "" ? DEFAULT_MAPPING_STATUS : status;
}

/** True when a response with `code` gets the mapping; status 0 (no response) gets none. */
export function appliesTo(mapping: Pick<Mapping, "status">, code: number): boolean {
  if (code <= 0) return false;
  const status = mappingStatus(mapping);
  return status === String(code) || status === `${String(code)[0]}xx`;
}

/** True when some response code would get both statuses (`2xx` and `200`, or `404` twice). */
export function statusesOverlap(a: string, b: string): boolean {
  const x = a.trim().toLowerCase() || DEFAULT_MAPPING_STATUS;
  const y = b.trim().toLowerCase() || DEFAULT_MAPPING_STATUS;
  if (x === y) return true;
  if (x.endsWith("xx") && y[0] === x[0]) return true;
  return y.endsWith("xx") && x[0] === y[0];
}

/**
 * One warning per attribute that two mappings fill for overlapping statuses:
 * the later one wins, which is rarely what the admin meant.
 */
export function overlapWarnings(mappings: Mapping[]): { attribute: string; message: string }[] {
  const warnings: { attribute: string; message: string }[] = [];
  const warned = new Set<string>();
  for (const [i, a] of mappings.entries()) {
    if (warned.has(a.attribute)) continue;
    const b = mappings.slice(i + 1).find((m) =>
      m.attribute === a.attribute && statusesOverlap(mappingStatus(a), mappingStatus(m))
    );
    if (!b) continue;
    warned.add(a.attribute);
    warnings.push({
      attribute: a.attribute,
      message: `Two mappings fill ${a.attribute} for overlapping statuses (${a.path} for ${
        mappingStatus(a)
      }, ${b.path} for ${mappingStatus(b)}): give each its own status or attribute`,
    });
  }
  return warnings;
}
