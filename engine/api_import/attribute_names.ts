/**
 * Turning a document's variable and parameter names into attribute names
 * (`^[a-z][a-z0-9_]{0,63}$`, DESIGN §4): `petId` → `pet_id`,
 * `project-key` → `project_key`, `_cf_page` → `cf_page`. The names used and
 * the renames are collected for the plan, so the pages can show the mapping.
 */
import type { RenamedVariable } from "./plan.ts";

/** The attribute name for a document name; the same input always gives the same name. */
export function attributeNameFor(raw: string): string {
  let name = raw.trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_$/, "");
  if (name === "") name = "value";
  return name.slice(0, 64).replace(/_$/, "");
}

/** Collects the attribute names a document's placeholders use. */
export class AttributeNamer {
  readonly #used = new Set<string>();
  readonly #renamed = new Map<string, string>();

  /** The attribute name for `raw`, remembered as used. */
  name(raw: string): string {
    const name = attributeNameFor(raw);
    this.#used.add(name);
    if (name !== raw.trim()) this.#renamed.set(raw.trim(), name);
    return name;
  }

  get attributes(): string[] {
    return [...this.#used].sort();
  }

  get renamed(): RenamedVariable[] {
    return [...this.#renamed].map(([from, to]) => ({ from, to })).sort((a, b) =>
      a.from.localeCompare(b.from)
    );
  }
}
