/**
 * The folders' import rules (ARCHITECTURE.md), checked by reading every
 * source file: a wrong-way import fails the suite, not a review.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));
const SKIP = new Set(["node_modules", "data", "dist", ".git", "bench", "static"]);

/** Every import specifier of a file: static imports, re-exports and dynamic imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.push(match[1]);
  }
  return found;
}

/** The rule a file at `path` (relative to the root) breaks by importing `specifier`, or undefined. */
export function brokenRule(path: string, specifier: string): string | undefined {
  const folder = path.split("/")[0];
  const target = specifier.startsWith(".") ? normalize(join(dirname(path), specifier)) : specifier;
  if (target.startsWith("routes/") && folder !== "routes" && folder !== "tests" && path !== "app.ts") {
    return "only app.ts and tests/ import from routes/";
  }
  if (folder === "engine") {
    if (/^(npm:)?(hono|drizzle-orm|@libsql\/client|libsql)(\/|@|$)/.test(target)) {
      return "engine/ imports no Hono, drizzle or libSQL";
    }
    if (/^(db|routes|runtime|views)\//.test(target) || target === "deps.ts") {
      return "engine/ imports nothing from db/, routes/, runtime/ or views/";
    }
  }
  if (folder === "db" && /^(routes|runtime|views)\//.test(target)) {
    return "db/ imports nothing from routes/, runtime/ or views/";
  }
  if (folder === "security" && /^(db|engine|routes|runtime|views)\//.test(target)) {
    return "security/ stands alone";
  }
  return undefined;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

Deno.test("import rules: no file outside tests/ imports routes/ except app.ts; engine/ imports no Hono, drizzle or db/; db/ and security/ import downward only", async () => {
  const broken: string[] = [];
  let files = 0;
  for await (const file of sourceFiles(ROOT)) {
    files++;
    const path = relative(ROOT, file).replaceAll("\\", "/");
    for (const specifier of importsOf(await Deno.readTextFile(file))) {
      const rule = brokenRule(path, specifier);
      if (rule) broken.push(`${path} imports "${specifier}": ${rule}`);
    }
  }
  assert.ok(files > 100, `only ${files} source files found: is ROOT right?`);
  assert.deepEqual(broken, []);
});

Deno.test("import rules: the checker sees each kind of wrong-way import", () => {
  const source = `import type { AppEnv } from "../routes/env.ts";\nimport {\n  eq,\n} from "drizzle-orm";\n` +
    `export { x } from "../db/x.ts";\nconst m = await import("hono");\n`;
  assert.deepEqual(importsOf(source), ["../routes/env.ts", "drizzle-orm", "../db/x.ts", "hono"]);
  assert.ok(brokenRule("views/render.tsx", "../routes/env.ts"));
  assert.ok(brokenRule("runtime/api_call.ts", "../routes/env.ts"));
  assert.equal(brokenRule("app.ts", "./routes/apis.tsx"), undefined);
  assert.equal(brokenRule("routes/apis.tsx", "./apis_run.tsx"), undefined);
  assert.equal(brokenRule("tests/harness.ts", "../routes/env.ts"), undefined);
  assert.ok(brokenRule("engine/step.ts", "drizzle-orm"));
  assert.ok(brokenRule("engine/nodes/api.ts", "hono/http-exception"));
  assert.ok(brokenRule("engine/step.ts", "../db/bots.ts"));
  assert.ok(brokenRule("engine/whatsapp/mod.ts", "../../db/client.ts"));
  assert.equal(brokenRule("engine/step.ts", "valibot"), undefined);
  assert.equal(brokenRule("db/bots.ts", "drizzle-orm"), undefined);
  assert.ok(brokenRule("db/turns.ts", "../runtime/metrics.ts"));
  assert.equal(brokenRule("db/turns.ts", "../engine/types.ts"), undefined);
  assert.ok(brokenRule("security/tokens.ts", "../db/users.ts"));
});
