import assert from "node:assert/strict";
import { bucketUpperMs, latencyBucket, percentile, statusClassOf, turnFacts } from "./insights.ts";

Deno.test("turnFacts() lists the nodes run, the API calls and routes, and the question the turn stops at", () => {
  const facts = turnFacts([
    { type: "restart", reason: "new" },
    { type: "node", nodeId: "ask", nodeType: "question" },
  ]);
  assert.deepEqual(facts, { reached: ["ask"], stop: "ask", calls: [], routes: [] });
  const answered = turnFacts([
    { type: "node", nodeId: "lookup", nodeType: "api" },
    {
      type: "api",
      nodeId: "lookup",
      api: "Get",
      request: { method: "GET", url: "u", headers: {} },
      status: 404,
      durationMs: 120,
    },
    { type: "route", nodeId: "lookup", route: "404", next: "missing" },
    { type: "node", nodeId: "missing", nodeType: "message" },
    { type: "node", nodeId: "bye", nodeType: "end" },
  ]);
  assert.deepEqual(answered.reached, ["lookup", "missing", "bye"]);
  assert.equal(answered.stop, undefined, "an ended conversation stopped nowhere");
  assert.deepEqual(answered.calls, [{ nodeId: "lookup", statusClass: "4xx", bucket: latencyBucket(120) }]);
  assert.deepEqual(answered.routes, [{ nodeId: "lookup", route: "404" }]);
  assert.equal(turnFacts([{ type: "invalid", nodeId: "ask", text: "?" }]).stop, "ask");
});

Deno.test("statusClassOf() names no response 'error'", () => {
  assert.equal(statusClassOf(204), "2xx");
  assert.equal(statusClassOf(503), "5xx");
  assert.equal(statusClassOf(0), "error");
});

Deno.test("percentile() reads p50 and p95 from the histogram within a bucket's 25 %", () => {
  const histogram = new Map<number, number>();
  for (let ms = 1; ms <= 1000; ms++) {
    const b = latencyBucket(ms);
    histogram.set(b, (histogram.get(b) ?? 0) + 1);
  }
  const p50 = percentile(histogram, 0.5)!;
  const p95 = percentile(histogram, 0.95)!;
  assert.ok(p50 >= 500 && p50 <= 625, `p50 ${p50}`);
  assert.ok(p95 >= 950 && p95 <= 1188, `p95 ${p95}`);
  assert.equal(percentile(new Map(), 0.5), null);
  assert.equal(bucketUpperMs(latencyBucket(60000)) >= 60000, true);
});
