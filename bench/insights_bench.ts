/**
 * Insights on a big database: generates `--turns` turns (default 1,000,000)
 * of the order-status flow over 30 days with their replies and call log,
 * counts them into the rollups (timed: the one-off backfill an upgrade
 * pays), adds a fresh hour of traffic, then times the pages as an admin
 * opens them over HTTP: the bot's Insights tab and the diagram's layer for
 * 30 days. Prints JSON: median and worst ms per page, and the database size.
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

const server = await startServer({ workers: false, env: { LOG_LEVEL: "error" } });
try {
  const session = await signIn(server);
  await createAttribute(server.db, { name: "order_id", type: "text" });
  const apiId = await saveApi(
    server.db,
    server.deps.secrets,
    api("https://shop.example/orders/{{order_id}}"),
  );
  const bot = await createBot(server.db, { name: "Orders", flow: SEED_FLOW });
  await publishBot(server.db, bot.id);
  const now = Date.now();
  const contacts = Math.ceil(TURNS / (1 + ROUNDS));
  const shape = {
    botId: bot.id,
    apiId,
    version: 1,
    rounds: ROUNDS,
    status: (c: number, r: number) => r === ROUNDS - 1 && c % 10 === 9 ? 500 : (c + r) % 5 === 0 ? 404 : 200,
    durationMs: (c: number, r: number) => 40 + ((c * 7 + r * 13) % 400),
  };
  let t0 = performance.now();
  const seeded = await seedInsights(server.db, {
    ...shape,
    contacts,
    now: now - 3_600_000,
    spanMs: 30 * DAY,
  });
  const seedMs = performance.now() - t0;
  const afterSeedMB = Math.round(Deno.memoryUsage().rss / 1e6);

  t0 = performance.now();
  let counted = 0;
  for (;;) {
    const step = await catchUpInsights(server.db, { budget: 200_000 });
    counted += step.turns;
    if (!step.behind) break;
  }
  const backfillMs = performance.now() - t0;
  const afterBackfillMB = Math.round(Deno.memoryUsage().rss / 1e6);

  // The last hour's traffic, which a page visit counts on the way.
  const fresh = await seedInsights(server.db, {
    ...shape,
    contacts: 100,
    now,
    spanMs: 3_600_000,
    firstId: contacts + 10,
  });

  const pages = {
    tab: `/bots/${bot.id}/insights?period=30d`,
    diagram: `/bots/${bot.id}/insights/diagram?period=30d&version=1`,
  };
  const timings: Record<string, { medianMs: number; worstMs: number }> = {};
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
    ms.sort((a, b) => a - b);
    timings[name] = { medianMs: round(ms[Math.floor(ms.length / 2)]), worstMs: round(ms[ms.length - 1]) };
  }
  const size = (await Deno.stat(`${server.dir}/chatwire.db`).catch(() => ({ size: 0 }))).size;
  console.log(JSON.stringify(
    {
      turns: seeded + fresh,
      seedMs: round(seedMs),
      backfill: {
        turns: counted,
        ms: round(backfillMs),
        turnsPerSecond: Math.round(counted / (backfillMs / 1000)),
      },
      freshTurnsCountedOnFirstVisit: fresh,
      pages: timings,
      databaseMB: Math.round(size / 1e6),
      rssMB: {
        afterSeed: afterSeedMB,
        afterBackfill: afterBackfillMB,
        end: Math.round(Deno.memoryUsage().rss / 1e6),
      },
    },
    null,
    2,
  ));
} finally {
  await server.close();
  await Deno.remove(server.dir, { recursive: true });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
