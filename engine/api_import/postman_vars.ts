/**
 * Postman variables in one request's scope: collection and folder variables
 * with their values (the innermost wins), and the rewriting of `{{name}}`
 * into the placeholder of the attribute of that name.
 */
import { AttributeNamer } from "./attribute_names.ts";
import { VARIABLE } from "./plan.ts";

/** Variable values in scope, innermost scope last. */
export type Scope = Map<string, string>;

/** The scope inside a folder or collection with a `variable` list. */
export function withVariables(scope: Scope, list: unknown): Scope {
  if (!Array.isArray(list)) return scope;
  const next = new Map(scope);
  for (const entry of list) {
    if (typeof entry !== "object" || entry === null) continue;
    const { key, value, disabled } = entry as Record<string, unknown>;
    if (typeof key !== "string" || disabled === true) continue;
    next.set(key, value === undefined || value === null ? "" : String(value));
  }
  return next;
}

/** A variable's value with the variables it uses resolved; undefined when any part has none. */
export function resolveValue(scope: Scope, name: string, depth = 0): string | undefined {
  const value = scope.get(name.trim());
  if (value === undefined || value === "" || depth > 5) return undefined;
  let missing = false;
  const out = value.replace(VARIABLE, (_, inner: string) => {
    const resolved = resolveValue(scope, inner, depth + 1);
    if (resolved === undefined) missing = true;
    return resolved ?? "";
  });
  return missing ? undefined : out;
}

/** Rewrites a request's texts: `{{project-key}}` → `{{project_key}}`, remembering test values. */
export class Templater {
  readonly testValues: Record<string, string> = {};

  constructor(readonly scope: Scope, readonly namer: AttributeNamer) {}

  /** The text with each variable as the placeholder of its attribute. */
  text(value: unknown): string {
    const text = value === undefined || value === null ? "" : String(value);
    return text.replace(VARIABLE, (_, raw: string) => {
      const name = this.namer.name(raw);
      const known = resolveValue(this.scope, raw);
      if (known !== undefined && this.testValues[name] === undefined) this.testValues[name] = known;
      return `{{${name}}}`;
    });
  }

  /** The text with every variable replaced by its value; undefined when one has none. */
  resolved(value: unknown): string | undefined {
    const text = value === undefined || value === null ? "" : String(value);
    let missing = false;
    const out = text.replace(VARIABLE, (_, raw: string) => {
      const known = resolveValue(this.scope, raw);
      if (known === undefined) missing = true;
      return known ?? "";
    });
    return missing ? undefined : out;
  }
}
