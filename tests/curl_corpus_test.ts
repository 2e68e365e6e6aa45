/**
 * Every real cURL command of the corpus (tests/fixtures/curl/, sources in
 * its SOURCES.md) through the importer, compared field by field (method,
 * URL, query, headers, content type, body, auth) with what the real curl
 * sent for it (sent.json, recorded by bench/curl_record.ts). A command is
 * either imported as curl sends it, or differs only in the fields
 * expected.json names with the reason, or is refused with the message
 * expected.json holds. No import may give an API that cannot be called.
 */
import assert from "node:assert/strict";
import { parseCurl } from "../engine/curl_import.ts";
import { compareWithCurl, type CorpusEntry, schemaProblem, type SentRun } from "./curl_compare.ts";

const dir = new URL("./fixtures/curl/", import.meta.url);
const read = async (name: string) => JSON.parse(await Deno.readTextFile(new URL(name, dir)));
const entries: CorpusEntry[] = await read("commands.json");
const { sent } = await read("sent.json") as { sent: Record<string, { runs?: SentRun[] }> };
const expected: Record<string, { refused?: string; differs?: string[]; why?: string }> = await read(
  "expected.json",
);

Deno.test("the cURL corpus holds at least 150 real commands from several sources, each with curl's reference", () => {
  assert.ok(entries.length >= 150, `only ${entries.length} commands`);
  const sources = new Set(entries.map((e) => e.id.split("/")[0]));
  assert.ok(sources.size >= 4, [...sources].join(", "));
  for (const entry of entries) assert.ok(sent[entry.id], `no recorded request for ${entry.id}`);
  assert.equal(new Set(entries.map((e) => e.command)).size, entries.length, "a command is there twice");
});

Deno.test("every corpus command imports as curl sends it, differs only where expected.json says why, or is refused", async () => {
  const failures: string[] = [];
  let imported = 0;
  for (const entry of entries) {
    const want = expected[entry.id] ?? {};
    const result = parseCurl(entry.command);
    if ("error" in result) {
      if (result.error !== want.refused) {
        failures.push(`${entry.id}: refused "${result.error}", expected ${JSON.stringify(want)}`);
      }
      continue;
    }
    imported++;
    if (want.refused) failures.push(`${entry.id}: imported, expected the refusal "${want.refused}"`);
    const problem = schemaProblem(result.api);
    if (problem) failures.push(`${entry.id}: not an API that can be saved: ${problem}`);
    if (result.api.method === "GET" && result.api.body !== null) {
      failures.push(`${entry.id}: a GET with a body`);
    }
    const diffs = await compareWithCurl(result.api, sent[entry.id].runs ?? []);
    const differing = Object.keys(diffs).sort();
    if (JSON.stringify(differing) !== JSON.stringify(want.differs ?? [])) {
      failures.push(
        `${entry.id}: differs from curl in ${JSON.stringify(diffs)}, expected ${
          JSON.stringify(want.differs ?? [])
        }`,
      );
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(imported >= 150, `only ${imported} commands imported`);
});

Deno.test("a deviation from curl is never silent: each one comes with a warning", () => {
  for (const [id, want] of Object.entries(expected)) {
    if (!want.differs) continue;
    assert.ok(want.why && want.why.length > 20, `${id} has no reason`);
    const entry = entries.find((e) => e.id === id)!;
    const result = parseCurl(entry.command);
    assert.ok(!("error" in result) && result.warnings.length > 0, `${id} imported without a warning`);
  }
});

Deno.test("no pasted text makes the importer throw: corpus commands cut, quoted and split at many points", () => {
  let tried = 0;
  for (const { command } of entries) {
    for (let i = 0; i < command.length; i += 17) {
      for (
        const text of [
          command.slice(0, i),
          `${command.slice(0, i)}'${command.slice(i)}`,
          `${command.slice(0, i)} -${command.slice(i)}`,
        ]
      ) {
        const result = parseCurl(text);
        assert.ok(
          "error" in result ? result.error.startsWith("Cannot import curl command: ") : result.api.url,
          text,
        );
        tried++;
      }
    }
  }
  assert.ok(tried > 3000, `${tried}`);
});
