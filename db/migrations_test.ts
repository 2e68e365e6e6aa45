import assert from "node:assert/strict";
import { migrationsFolder } from "./client.ts";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const folder = migrationsFolder();
const journal: { entries: JournalEntry[] } = JSON.parse(
  Deno.readTextFileSync(`${folder}/meta/_journal.json`),
);

Deno.test("migrations journal: 'when' increases with idx, so drizzle never skips a later migration", () => {
  // drizzle's migrator runs only migrations whose `when` is after the last one a database ran.
  const byIdx = [...journal.entries].sort((a, b) => a.idx - b.idx);
  for (let i = 1; i < byIdx.length; i++) {
    assert.ok(
      byIdx[i].when > byIdx[i - 1].when,
      `${byIdx[i].tag} is dated before ${byIdx[i - 1].tag}`,
    );
  }
});

Deno.test("migrations journal: every entry has its SQL file and every SQL file an entry", () => {
  const files = [...Deno.readDirSync(folder)].filter((f) => f.name.endsWith(".sql")).map((f) => f.name)
    .sort();
  const tags = journal.entries.map((e) => `${e.tag}.sql`).sort();
  assert.deepEqual(files, tags);
});
