import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { openDb } from "../db/client.ts";
import { createLogger } from "../log.ts";
import type { AppDeps } from "../deps.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { runDocumentCommand } from "./bot_documents.ts";

const EXAMPLE = new URL("../engine/testdata/order_status.json", import.meta.url).pathname;

async function withDeps(fn: (deps: AppDeps, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "chatwire-cli-docs-" });
  const config = await loadConfig({
    CHATWIRE_DATA_DIR: dir,
    CHATWIRE_SECRET: "cli-docs-secret-cli-docs-secret-0123",
  });
  const database = await openDb(config.databaseUrl);
  const deps: AppDeps = {
    config,
    db: database.db,
    secrets: await createSecretBox(config.secret),
    log: createLogger("error", () => {}),
  };
  try {
    await fn(deps, dir);
  } finally {
    database.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the command with console.log/error captured. */
async function run(deps: AppDeps, command: string, positional: string[], secrets = false) {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    const code = await runDocumentCommand(deps, command, positional, { secrets });
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("chatwire import prints the bot id and what it created; export prints the document", async () => {
  await withDeps(async (deps, dir) => {
    const imported = await run(deps, "import", [EXAMPLE]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /^Imported bot 1$/m);
    assert.match(imported.out, /^Created attributes: order_id, order_status, total$/m);
    assert.match(imported.out, /^Created APIs: Get order$/m);

    const masked = await run(deps, "export", ["1"]);
    assert.equal(masked.code, 0);
    const doc = JSON.parse(masked.out);
    assert.equal(doc.format, "chatwire.bot/v1");
    assert.equal(doc.apis[0].auth.token, "********");
    const full = JSON.parse((await run(deps, "export", ["1"], true)).out);
    assert.equal(full.apis[0].auth.token, "eyJhbGciOi…");

    // Re-importing the masked export updates by name and keeps the secret.
    await Deno.writeTextFile(`${dir}/export.json`, masked.out);
    const again = await run(deps, "import", [`${dir}/export.json`]);
    assert.match(again.out, /^Imported bot 2$/m);
    assert.match(again.out, /^Updated APIs: Get order$/m);
    assert.equal(JSON.parse((await run(deps, "export", ["2"], true)).out).apis[0].auth.token, "eyJhbGciOi…");
  });
});

Deno.test("chatwire import refuses an invalid document with every problem and exit code 1", async () => {
  await withDeps(async (deps, dir) => {
    const doc = JSON.parse(await Deno.readTextFile(EXAMPLE));
    doc.flow.nodes[1].others = "gone";
    doc.attributes[0].type = "date";
    await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify(doc));
    const result = await run(deps, "import", [`${dir}/bad.json`]);
    assert.equal(result.code, 1);
    assert.match(result.err, /nothing was written/);
    assert.match(result.err, /flow\.nodes\[1\]\.others: Points at "gone"/);
    assert.match(result.err, /attributes\[0\]\.type: /);
    assert.equal((await run(deps, "export", ["1"])).code, 1, "no bot was created");
    assert.equal((await run(deps, "import", [`${dir}/missing.json`])).code, 1);
    assert.equal((await run(deps, "export", [])).code, 2);
  });
});
