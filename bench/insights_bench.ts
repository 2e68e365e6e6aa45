/**
 * Insights on a big database: generates `--turns` turns (default 1,000,000)
 * of the order-status flow over 30 days with their replies and call log,
 * counts them into the rollups (timed: the one-off backfill an upgrade
 * pays), adds a fresh hour of traffic, then times the pages as an admin
 * opens them over HTTP: the bot's Insights tab and the diagram's layer for
 * 30 days. The database is made by a child process, so the server measured
 * has not just generated a million rows. Prints JSON: the first visit
 * (which counts the fresh hour), then median and worst ms per page.
 * A script, not a test: the figures depend on the machine.
 *
 *   deno run -A bench/insights_bench.ts [--turns 1000000] [--runs 15]
 */
import { saveApi } from "../db/apis.ts";
import { createAttribute } from "../db/attributes.ts";
import { createBot, publishBot } from "../db/bots.ts";
import { catchUpInsights } from "../db/insights_rollup.ts";
import { api } from "../tests/api_fixtures.ts";
import { signIn, startServer } from "../tests/harness.ts";
import { SEED_FLOW, seedInsights } from "../tests/insights_seed.ts";

const args = Deno.args;
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TURNS = option("turns", 1_000_000);
const RUNS = option("runs", 15);
const ROUNDS = 9;
const DAY = 86_400_000;

const DIR_FLAG = args.indexOf("--seed-into");
const shape = (botId: number, apiId: number) => ({
  botId,
  apiId,
  version: 1,
  rounds: ROUNDS,
  status: (c: number, r: number) => r === ROUNDS - 1 && c % 10 === 9 ? 500 : (c + r) % 5 === 0 ? 404 : 200,
  durationMs: (c: number, r: number) => 40 + ((c * 7 + r * 13) % 400),
});
const contacts = Math.ceil(TURNS / (1 + ROUNDS));

if (DIR_FLAG >= 0) {
  // Child: generate and count, then exit, so the server measured below has not just built a million rows.
  const server = await startServer({ workers: false, env: { LOG_LEVEL: "error" }, dir: args[DIR_FLAG + 1] });
  await createAttribute(server.db, { name: "order_id", type: "text" });
  const apiId = await saveApi(
    server.db,
    server.deps.secrets,
    api("https://shop.example/orders/{{order_id}}"),
  );
  const bot = await createBot(server.db, { name: "Orders", flow: SEED_FLOW });
  await publishBot(server.db, bot.id);
  let t0 = performance.now();
  const seeded = await seedInsights(server.db, {
    ...shape(bot.id, apiId),
    contacts,
    now: Date.now() - 3_600_000,
    spanMs: 30 * DAY,
  });
  const seedMs = performance.now() - t0;
  t0 = performance.now();
  let counted = 0;
  for (;;) {
    const step = await catchUpInsights(server.db, { budget: 200_000 });
    counted += step.turns;
    if (!step.behind) break;
  }
  const backfillMs = performance.now() - t0;
  const rssMB = Math.round(Deno.memoryUsage().rss / 1e6);
  await server.close();
  console.log(JSON.stringify({ botId: bot.id, apiId, seeded, seedMs, counted, backfillMs, rssMB }));
  Deno.exit(0);
}

const dir = await Deno.makeTempDir({ prefix: "chatwire-insights-bench-" });
const child = await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL(import.meta.url).pathname, "--turns", String(TURNS), "--seed-into", dir],
  stderr: "inherit",
}).output();
if (!child.success) throw new Error("Cannot generate the bench database");
const made = JSON.parse(new TextDecoder().decode(child.stdout).trim().split("\n").pop()!);
const server = await startServer({ workers: false, env: { LOG_LEVEL: "error" }, dir });
try {
  const session = await signIn(server);
  // The last hour's traffic, which the first visit counts on the way.
  const fresh = await seedInsights(server.db, {
    ...shape(made.botId, made.apiId),
    contacts: 100,
    now: Date.now(),
    spanMs: 3_600_000,
    firstId: contacts + 10,
  });
  const pages = {
    tab: `/bots/${made.botId}/insights?period=30d`,
    diagram: `/bots/${made.botId}/insights/diagram?period=30d&version=1`,
  };
  const timings: Record<string, { firstMs: number; medianMs: number; worstMs: number }> = {};
  for (const [name, path] of Object.entries(pages)) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const res = await fetch(`${server.url}${path}`, {
        headers: { cookie: session.cookie, ...(name === "diagram" ? { "HX-Request": "true" } : {}) },
      });
      const html = await res.text();
      ms.push(performance.now() - start);
      if (res.status !== 200 || html.length < 500) {
        throw new Error(`Cannot render ${path}: status ${res.status}`);
      }
    }
    const first = ms[0];
    const rest = ms.slice(1).sort((a, b) => a - b);
    timings[name] = {
      firstMs: round(first),
      medianMs: round(rest[Math.floor(rest.length / 2)]),
      worstMs: round(rest[rest.length - 1]),
    };
  }
  const size = (await Deno.stat(`${server.dir}/chatwire.db`).catch(() => ({ size: 0 }))).size;
  console.log(JSON.stringify(
    {
      turns: made.seeded + fresh,
      seedMs: round(made.seedMs),
      backfill: {
        turns: made.counted,
        ms: round(made.backfillMs),
        turnsPerSecond: Math.round(made.counted / (made.backfillMs / 1000)),
      },
      generatorRssMB: made.rssMB,
      freshTurnsCountedOnFirstVisit: fresh,
      pages: timings,
      databaseMB: Math.round(size / 1e6),
      serverRssMB: Math.round(Deno.memoryUsage().rss / 1e6),
    },
    null,
    2,
  ));
} finally {
  await server.close();
  await Deno.remove(dir, { recursive: true });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
