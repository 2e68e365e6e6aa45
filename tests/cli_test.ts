import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { freePort } from "../bench/whatsapp_setup.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function env(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CHATWIRE_DATA_DIR: dir, LOG_LEVEL: "info", HOST: "127.0.0.1", ...extra };
}

async function run(args: string[], options: { dir: string; stdin?: string; env?: Record<string, string> }) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: env(options.dir, options.env),
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("cli: --help on each command, and an unknown command exits 2", async () => {
  const dir = await Deno.makeTempDir();
  const main = await run(["--help"], { dir });
  assert.equal(main.code, 0);
  for (const command of ["serve", "user add", "import", "export", "backup"]) {
    assert.match(main.stdout, new RegExp(command));
  }
  for (const command of ["serve", "user", "import", "export", "backup"]) {
    const help = await run([command, "--help"], { dir });
    assert.equal(help.code, 0, command);
    assert.match(help.stdout, /^Usage: chatwire /, command);
  }
  const unknown = await run(["frobnicate"], { dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
});

Deno.test("cli: an invalid environment value stops with one line naming the variable", async () => {
  const dir = await Deno.makeTempDir();
  const bad = await run(["serve"], { dir, env: { PORT: "http" } });
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr.trim(), "Invalid PORT: must be a whole number");
});

Deno.test("cli: user add reads the password from stdin; backup writes a consistent copy", async () => {
  const dir = await Deno.makeTempDir();
  const added = await run(["user", "add", "Ada@Example.com", "--password-stdin"], {
    dir,
    stdin: "a long password\n",
  });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout.trim(), "Added ada@example.com (owner)");
  const again = await run(["user", "add", "ada@example.com", "--password-stdin"], {
    dir,
    stdin: "a long password\n",
  });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  const short = await run(["user", "add", "bob@example.com", "--password-stdin"], { dir, stdin: "short\n" });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /password: Use at least 10 characters/);

  const file = `${dir}/backup.db`;
  const backup = await run(["backup", file], { dir });
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /Backed up to .*backup\.db \(\d+ bytes\)/);
  const copy = createClient({ url: `file:${file}` });
  const rows = await copy.execute("SELECT email, role FROM users");
  copy.close();
  assert.deepEqual(rows.rows.map((r) => [r.email, r.role]), [["ada@example.com", "owner"]]);
  const twice = await run(["backup", file], { dir });
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /already exists/);
});

Deno.test("serve: /healthz answers once migrated, and SIGTERM shuts down cleanly", async () => {
  const dir = await Deno.makeTempDir();
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve"],
    env: env(dir, { PORT: String(port) }),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const started = performance.now();
  let health: Response | undefined;
  while (performance.now() - started < 20_000) {
    try {
      health = await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  assert.ok(health, "server came up");
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { ok: true });
  child.kill("SIGTERM");
  const out = await child.output();
  assert.equal(out.code, 0);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.msg === "listening"));
  assert.ok(lines.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM"));
  assert.equal(lines.at(-1).msg, "stopped");
  const secret = await Deno.stat(`${dir}/secret.key`);
  assert.equal(secret.mode! & 0o777, 0o600);
});
