import { applyImport } from "../db/api_import.ts";
import { planImport } from "../engine/api_import/mod.ts";
import type { AppDeps } from "../deps.ts";

/**
 * `chatwire apis import <file> [--base-url URL]`: applies a Postman
 * collection v2.1 or an OpenAPI 3 document (JSON or YAML) and prints what
 * was created, updated and skipped. Returns the exit code: 0 done, 1 refused.
 */
export async function apisImport(
  deps: AppDeps,
  file: string,
  options: { baseUrl?: string },
): Promise<number> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    console.error(`Cannot import ${file}: ${(error as Error).message}`);
    return 1;
  }
  const planned = await planImport(text, { baseUrl: options.baseUrl });
  if (!planned.ok) {
    console.error(`${planned.error} (${file}), nothing was written`);
    return 1;
  }
  const outcome = await applyImport(deps.db, deps.secrets, planned.plan);
  console.log(
    `Imported ${planned.plan.title}: ${outcome.created.length} created, ${outcome.updated.length} updated, ` +
      `${outcome.skipped.length} skipped`,
  );
  const list = (label: string, names: string[]) =>
    names.length > 0 && console.log(`${label}: ${names.join(", ")}`);
  list("Created APIs", outcome.created);
  list("Updated APIs", outcome.updated);
  list("Created attributes", outcome.attributesCreated);
  for (const s of outcome.skipped) console.log(`Skipped "${s.name}": ${s.reason}`);
  for (const w of outcome.warnings) console.log(`Warning: ${w}`);
  return 0;
}
