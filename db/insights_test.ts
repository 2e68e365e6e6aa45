import assert from "node:assert/strict";
import { SEED_FLOW, seedInsights } from "../tests/insights_seed.ts";
import { botInsights, flowInsights } from "./insights.ts";
import { catchUpInsights } from "./insights_rollup.ts";
import { openDb } from "./client.ts";

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

async function seeded(fn: (db: Awaited<ReturnType<typeof openDb>>["db"]) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  const database = await openDb(`file:${dir}/t.db`);
  try {
    await seedInsights(database.db, {
      botId: 1,
      apiId: 7,
      version: 1,
      contacts: 10,
      rounds: 1,
      status: (c) => c < 7 ? 200 : c < 9 ? 404 : 500,
      durationMs: (c) => 100 + c * 10,
      now: NOW,
      spanMs: 3 * 3_600_000,
    });
    await fn(database.db);
  } finally {
    database.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("flowInsights() counts reached, stopped, routes, classes and latency per node from the rollups", async () => {
  await seeded(async (db) => {
    assert.deepEqual(await catchUpInsights(db), { turns: 20, calls: 10, behind: false });
    const data = await flowInsights(db, 1, { period: "24h", version: 1, now: NOW });
    const ask = data.get("ask")!;
    assert.equal(ask.reached, 19, "10 first turns and 9 loops back");
    assert.equal(ask.stopped, 9, "the 9 still waiting; the one whose lookup broke moved on");
    const lookup = data.get("lookup")!;
    assert.equal(lookup.reached, 10);
    assert.deepEqual(lookup.routes, { "200": 7, "404": 2, others: 1 });
    assert.deepEqual(lookup.classes, { "2xx": 7, "4xx": 2, "5xx": 1 });
    assert.ok(lookup.p50! >= 140 && lookup.p50! <= 180, `p50 ${lookup.p50}`);
    assert.ok(lookup.p95! >= 190 && lookup.p95! <= 240, `p95 ${lookup.p95}`);
    assert.equal(data.get("broken")?.reached, 1);
    assert.equal((await flowInsights(db, 1, { period: "24h", version: 2, now: NOW })).size, 0, "per version");
    assert.ok(
      SEED_FLOW.nodes.every((n) => n.id === "ask" || data.get(n.id)?.stopped === 0 || !data.has(n.id)),
    );
  });
});

Deno.test("catchUpInsights() with a small budget catches up over several calls to the same figures", async () => {
  await seeded(async (db) => {
    const first = await catchUpInsights(db, { budget: 3 });
    assert.equal(first.behind, true);
    for (let i = 0; i < 20 && (await catchUpInsights(db, { budget: 3 })).behind; i++);
    const data = await flowInsights(db, 1, { period: "24h", version: 1, now: NOW });
    assert.equal(data.get("ask")!.reached, 19);
    assert.equal(data.get("ask")!.stopped, 9, "a stop taken back across batches is taken back once");
    // Nothing new: counting again adds nothing.
    assert.deepEqual(await catchUpInsights(db), { turns: 0, calls: 0, behind: false });
    assert.equal(
      (await flowInsights(db, 1, { period: "24h", version: 1, now: NOW })).get("ask")!.reached,
      19,
    );
  });
});

Deno.test("botInsights() charts messages in/out and calls by class, and ranks the bot's APIs", async () => {
  await seeded(async (db) => {
    await catchUpInsights(db);
    const { buckets, apis } = await botInsights(db, 1, { period: "24h", now: NOW });
    assert.equal(buckets.length, 24);
    assert.equal(buckets.reduce((a, b) => a + b.in, 0), 20);
    assert.equal(buckets.reduce((a, b) => a + b.out, 0), 29, "10 greetings, 9 answers of two, 1 of one");
    assert.equal(buckets.reduce((a, b) => a + (b.calls["2xx"] ?? 0), 0), 7);
    assert.deepEqual(apis.map((a) => [a.apiId, a.calls, a.failures]), [[7, 10, 1]]);
    const week = await botInsights(db, 1, { period: "7d", now: NOW + 3 * 86_400_000 });
    assert.equal(week.buckets.reduce((a, b) => a + b.in, 0), 20);
    const later = await botInsights(db, 1, { period: "24h", now: NOW + 2 * 86_400_000 });
    assert.equal(later.buckets.reduce((a, b) => a + b.in, 0), 0, "older than the period");
  });
});
