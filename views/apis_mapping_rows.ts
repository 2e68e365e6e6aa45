/**
 * The mapping page's model: one panel per saved sample (a tab per status),
 * the rows of each panel, and what the mappings would store from each
 * sample, computed with the runtime's own `applyMappings`.
 */
import { applyMappings, listPaths, previewMapping } from "../engine/mapping.ts";
import { appliesTo, overlapWarnings } from "../engine/mapping_status.ts";
import type { AttributeDef, AttributeType, Mapping } from "../engine/types.ts";
import { attributeNameFor } from "../engine/api_import/attribute_names.ts";

export const NEW_ATTRIBUTE = "__new";

/** One line of a panel's table; `free` rows take any JSONPath. */
export interface MappingRow {
  path: string;
  sample?: string;
  attribute: string;
  newName: string;
  newType: string;
  /** The responses it applies to (`2xx`, `404`, `4xx`). */
  status: string;
  keep: boolean;
  free: boolean;
  /** The sample's value here is a JSON array: the row offers "Store as a list". */
  list?: boolean;
  error?: string;
}

/** A saved sample's tab: its status, its parsed body and its rows. */
export interface SamplePanel {
  status: number;
  rows: MappingRow[];
}

/** What one mapping would do to a response of the panel's status. */
export interface PreviewLine {
  path: string;
  attribute: string;
  status: string;
  value?: string;
  /** `stored`, `cleared` (no match), `kept` (no match, keep ticked) or `error`. */
  outcome: "stored" | "cleared" | "kept" | "error";
  error?: string;
}

export interface PreviewPanel {
  status: number;
  lines: PreviewLine[];
}

/** The status a new mapping picked from a sample of `code` gets. */
export function defaultStatusFor(code: number): string {
  return code >= 200 && code < 300 ? "2xx" : String(code);
}

/** The attribute a row stores into (the typed name for a new one). */
export function targetOf(row: MappingRow): string {
  return row.attribute === NEW_ATTRIBUTE ? row.newName : row.attribute;
}

/**
 * One panel per sample: a row per path of the sample, each chosen mapping
 * on the first panel whose status it covers and whose sample has its path
 * (else as a free row there, or on the first panel), and an empty free row.
 */
export function panelsFor(
  samples: { status: number; json: unknown }[],
  chosen: MappingRow[],
  keepFree = false,
): SamplePanel[] {
  const panels = samples.map((s) => {
    const paths = listPaths(s.json);
    const lists = listPathsOf(paths.map((p) => p.path));
    return {
      status: s.status,
      rows: paths.map(({ path, sample }) => ({
        ...blankRow(defaultStatusFor(s.status)),
        path,
        sample,
        list: lists.has(path),
      })) as MappingRow[],
    };
  });
  if (panels.length === 0) return panels;
  for (const pick of chosen) {
    if (pick.attribute === "" && !(keepFree && pick.free && pick.path !== "")) continue;
    const covering = panels.filter((p) => appliesTo(pick, p.status));
    const row = covering.flatMap((p) => p.rows).find((r) =>
      r.path === pick.path && r.attribute === "" && !r.free && !pick.free
    );
    if (row) {
      Object.assign(row, { ...pick, sample: row.sample, free: false });
    } else {
      (covering[0] ?? panels[0]).rows.push({ ...pick, free: true });
    }
  }
  for (const p of panels) p.rows.push({ ...blankRow(defaultStatusFor(p.status)), free: true });
  return panels;
}

/** Saved mappings as rows. */
export function rowsOfMappings(mappings: Mapping[]): MappingRow[] {
  return mappings.map((m) => ({
    ...blankRow(m.status ?? "2xx"),
    path: m.path,
    attribute: m.attribute,
    keep: m.keep === true,
  }));
}

/** What the chosen rows would store from each sample; a mapping of another status does not appear. */
export function previewPanels(
  samples: { status: number; json: unknown }[],
  rows: MappingRow[],
  attributes: AttributeDef[],
): PreviewPanel[] {
  const chosen = rows.filter((r) => r.attribute !== "" && r.path !== "" && targetOf(r) !== "");
  return samples.map((sample) => {
    const lines: PreviewLine[] = [];
    for (const row of chosen.filter((r) => appliesTo(r, sample.status))) {
      const attribute = targetOf(row);
      const base = { path: row.path, attribute, status: row.status };
      const check = previewMapping(row.path, sample.json);
      if (!check.ok) {
        lines.push({ ...base, outcome: "error", error: check.error });
        continue;
      }
      const type = attributes.find((a) => a.name === attribute)?.type ?? row.newType as AttributeType;
      const def = attributes.find((a) => a.name === attribute);
      // The same code the runtime runs, with the attribute's type and default, so the preview is what gets stored.
      const { trace } = applyMappings(
        [{ path: row.path, attribute, status: row.status, keep: row.keep }],
        sample,
        [{ name: attribute, type, ...(def?.default !== undefined ? { default: def.default } : {}) }],
      );
      const entry = trace[0];
      if (!entry) continue;
      lines.push({
        ...base,
        outcome: entry.matched ? "stored" : entry.cleared ? "cleared" : "kept",
        value: entry.value === undefined ? undefined : String(entry.value),
      });
    }
    return { status: sample.status, lines };
  });
}

/** Warnings for attributes two chosen rows fill for overlapping statuses. */
export function overlapsOf(rows: MappingRow[]): string[] {
  const mappings = rows.filter((r) => r.attribute !== "" && r.path !== "" && targetOf(r) !== "")
    .map((r) => ({ path: r.path, attribute: targetOf(r), status: r.status }));
  return overlapWarnings(mappings).map((w) => w.message);
}

/** The rows a posted form holds, in the order the page rendered them. */
export function readRows(body: Record<string, string | File | (string | File)[]>): MappingRow[] {
  const many = (key: string) => {
    const value = body[key];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((x) => String(x));
  };
  const paths = many("path");
  const attrs = many("attribute");
  const names = many("new_name");
  const types = many("new_type");
  const statuses = many("status");
  const kept = new Set(many("keep"));
  return paths.map((path, i) => ({
    path: path.trim(),
    attribute: attrs[i] ?? "",
    newName: (names[i] ?? "").trim(),
    newType: ["text", "number", "boolean"].includes(types[i]) ? types[i] : "text",
    status: (statuses[i] ?? "").trim().toLowerCase() || "2xx",
    keep: kept.has(String(i)),
    // The form does not say which rows were free: panelsFor() puts unknown paths back as free rows.
    free: false,
  }));
}

function blankRow(status: string): MappingRow {
  return { path: "", attribute: "", newName: "", newType: "text", status, keep: false, free: false };
}

/**
 * The paths of a sample that hold a JSON array: `$.orders` (listPaths gives
 * it a `$.orders[*]` row) and that `[*]` row itself. Empty arrays have no
 * `[*]` row, so they offer nothing.
 */
export function listPathsOf(paths: string[]): Set<string> {
  const all = new Set(paths);
  return new Set(paths.filter((p) => p.endsWith("[*]") || all.has(`${p}[*]`)));
}

/**
 * The path "Store as a list" maps: `$.orders[*]` becomes `$.orders`, because
 * a `[*]` that matches one item stores that item, not a one-item list, and
 * "Choices: from a list" needs a JSON array. Below another `[*]` the row's
 * path is kept (there is no single array to store).
 */
export function listPathFor(path: string): string {
  const parent = path.endsWith("[*]") ? path.slice(0, -3) : path;
  return parent !== "$" && !parent.includes("[*]") ? parent : path;
}

/**
 * The text attribute a list is stored in: the path's last key as an
 * attribute name (`$.data['Open orders']` → `open_orders`), or `orders_list`
 * (`_list_2`…) when the name is an attribute of another type or this API
 * already fills it from another path. An existing text attribute is reused.
 */
export function listAttributeFor(path: string, attributes: AttributeDef[], mappings: Mapping[]): string {
  const keys = [...path.matchAll(/\.([A-Za-z_$][A-Za-z0-9_$]*)|\['((?:[^'\\]|\\.)*)'\]/g)];
  const last = keys.at(-1);
  const key = last ? (last[1] ?? last[2].replaceAll("\\'", "'")) : "";
  const base = key === "" ? "list" : attributeNameFor(key).slice(0, 56).replace(/_$/, "");
  const free = (name: string) => {
    const def = attributes.find((a) => a.name === name);
    if (!def) return true;
    return def.type === "text" && !mappings.some((m) => m.attribute === name && m.path !== path);
  };
  // Ends: there are finitely many attributes.
  for (let n = 1;; n++) {
    const name = n === 1 ? base : n === 2 ? `${base}_list` : `${base}_list_${n - 1}`;
    if (free(name)) return name;
  }
}
