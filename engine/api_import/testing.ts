/** Helpers shared by the import tests: the fixtures they read and the plan they check. */
import assert from "node:assert/strict";
import { planImport } from "./mod.ts";
import type { ImportPlan } from "./plan.ts";

/** A fixture under tests/fixtures/<folder>/ as text. */
export function fixture(folder: "openapi" | "postman", name: string): Promise<string> {
  return Deno.readTextFile(new URL(`../../tests/fixtures/${folder}/${name}`, import.meta.url));
}

/** The import plan of a document; a refusal fails the test with its reason. */
export async function plan(text: string, options = {}): Promise<ImportPlan> {
  const result = await planImport(text, options);
  if (!result.ok) throw new Error(result.error);
  return result.plan;
}

/** The planned API of that name; its absence fails the test, naming the ones there are. */
export function api(p: ImportPlan, name: string): ImportPlan["apis"][number] {
  const found = p.apis.find((a) => a.def.name === name);
  assert.ok(found, `no API "${name}" in ${p.apis.map((a) => a.def.name).join(", ")}`);
  return found;
}
