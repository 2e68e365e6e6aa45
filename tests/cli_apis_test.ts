import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

async function run(args: string[], dir: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { CHATWIRE_DATA_DIR: dir, LOG_LEVEL: "error" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("cli: apis import applies an OpenAPI document and a Postman collection, --help explains, a bad file exits 1", async () => {
  const dir = await Deno.makeTempDir();
  const help = await run(["apis", "--help"], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: chatwire apis import <file> \[--base-url URL\]/);

  const uspto = await run(["apis", "import", `${FIXTURES}openapi/oai-uspto.yaml`], dir);
  assert.equal(uspto.code, 0, uspto.stderr);
  assert.match(uspto.stdout, /^Imported USPTO Data Set API: 3 created, 0 updated, 0 skipped/);
  assert.match(uspto.stdout, /Created APIs: list-data-sets, list-searchable-fields, perform-search/);

  const wise = await run([
    "apis",
    "import",
    `${FIXTURES}postman/wise-groups-api.postman_collection.json`,
    "--base-url",
    "https://api.sandbox.transferwise.tech",
  ], dir);
  assert.equal(wise.code, 0, wise.stderr);
  assert.match(wise.stdout, /11 created, 0 updated, 0 skipped/);

  const again = await run(["apis", "import", `${FIXTURES}openapi/oai-uspto.yaml`], dir);
  assert.match(again.stdout, /0 created, 3 updated/);

  const bad = await run(["apis", "import", `${FIXTURES}SOURCES.md`], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Cannot import: the YAML is not valid: .*nothing was written/);
  await Deno.remove(dir, { recursive: true });
});
