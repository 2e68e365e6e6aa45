/**
 * How many corpus commands an importer gets right (Chatwire sends what
 * curl sent), gets different, or refuses. Prints JSON figures; with
 * `--details`, every command's differences.
 *
 *   deno run -A bench/curl_corpus.ts [--importer path/to/curl_import.ts] [--details]
 */
import { compareWithCurl, type CorpusEntry, schemaProblem, type SentRun } from "../tests/curl_compare.ts";
import type { ApiDef } from "../engine/types.ts";

type Parse = (command: string) => { api: Partial<ApiDef>; warnings: string[] } | { error: string };

const dir = new URL("../tests/fixtures/curl/", import.meta.url);
const at = Deno.args.indexOf("--importer");
const module = at >= 0
  ? new URL(Deno.args[at + 1], `file://${Deno.cwd()}/`).href
  : "../engine/curl_import.ts";
const { parseCurl } = await import(module) as { parseCurl: Parse };
const entries: CorpusEntry[] = JSON.parse(await Deno.readTextFile(new URL("commands.json", dir)));
const { sent } = JSON.parse(await Deno.readTextFile(new URL("sent.json", dir))) as {
  sent: Record<string, { runs?: SentRun[]; shellError?: string }>;
};

const counts = { right: 0, differs: 0, refused: 0, invalid: 0, crashed: 0 };
const byField: Record<string, number> = {};
const details: Record<string, unknown> = {};
for (const entry of entries) {
  let result;
  try {
    result = parseCurl(entry.command);
  } catch (error) {
    counts.crashed++;
    details[entry.id] = { crashed: String(error) };
    continue;
  }
  if ("error" in result) {
    counts.refused++;
    details[entry.id] = { refused: result.error };
    continue;
  }
  const problem = schemaProblem(result.api);
  const diffs = problem
    ? { requests: `not a valid API: ${problem}` }
    : await compareWithCurl(result.api, sent[entry.id].runs ?? []);
  if (problem) counts.invalid++;
  if (Object.keys(diffs).length === 0) counts.right++;
  else counts.differs++;
  for (const field of Object.keys(diffs)) byField[field] = (byField[field] ?? 0) + 1;
  if (Object.keys(diffs).length > 0) details[entry.id] = diffs;
}
console.log(
  JSON.stringify({ importer: module, commands: entries.length, ...counts, differingFields: byField }),
);
if (Deno.args.includes("--details")) console.log(JSON.stringify(details, null, 1));
