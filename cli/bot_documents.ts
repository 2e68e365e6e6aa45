import { exportBotDocument, importBotDocument } from "../db/bot_documents.ts";
import type { AppDeps } from "../deps.ts";

/**
 * `chatwire import <file>` (prints the new bot id and what was created or
 * updated) and `chatwire export <botId> [--secrets]` (prints the document).
 * Returns the exit code: 0 done, 1 refused, 2 usage.
 */
export async function runDocumentCommand(
  deps: AppDeps,
  command: string,
  positional: string[],
  options: { secrets: boolean },
): Promise<number> {
  if (command === "import") return await importFile(deps, positional[0]);
  if (command === "export") return await exportBot(deps, positional[0], options.secrets);
  console.error(`Unknown command "${command}". Run "chatwire --help".`);
  return 2;
}

async function importFile(deps: AppDeps, file: string | undefined): Promise<number> {
  if (!file) {
    console.error("Usage: chatwire import <file.json>");
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(await Deno.readTextFile(file));
  } catch (error) {
    console.error(`Cannot import ${file}: ${(error as Error).message}`);
    return 1;
  }
  const result = await importBotDocument(deps, input);
  if (!result.ok) {
    console.error(`Cannot import ${file}: ${result.errors.length} problem(s), nothing was written`);
    for (const e of result.errors) console.error(`  ${e.path || "(document)"}: ${e.message}`);
    return 1;
  }
  console.log(`Imported bot ${result.id}`);
  const line = (label: string, names: string[]) =>
    names.length > 0 && console.log(`${label}: ${names.join(", ")}`);
  line("Created attributes", result.created.attributes);
  line("Updated attributes", result.updated.attributes);
  line("Created APIs", result.created.apis);
  line("Updated APIs", result.updated.apis);
  return 0;
}

async function exportBot(deps: AppDeps, raw: string | undefined, secrets: boolean): Promise<number> {
  if (!raw || !/^\d+$/.test(raw)) {
    console.error("Usage: chatwire export <botId> [--secrets]");
    return 2;
  }
  const doc = await exportBotDocument(deps, Number(raw), { secrets });
  if (!doc) {
    console.error(`Cannot export bot ${raw}: it does not exist`);
    return 1;
  }
  console.log(JSON.stringify(doc, null, 2));
  return 0;
}
