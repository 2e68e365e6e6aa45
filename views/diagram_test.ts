import assert from "node:assert/strict";
import type { Flow } from "../engine/types.ts";
import { layout } from "./diagram.tsx";

const flow: Flow = {
  start: "ask",
  nodes: [
    { id: "ask", type: "question", text: "Order?", input: "text", attribute: "order_id", next: "lookup" },
    {
      id: "lookup",
      type: "api",
      api: "Get order",
      routes: [{ status: "200", next: "found" }, { status: "404", next: "missing" }],
      others: "gone",
    },
    { id: "found", type: "message", text: "Found", next: "ask" },
    { id: "missing", type: "message", text: "No such order", next: "ask" },
    { id: "lonely", type: "end", text: "Never reached" },
  ],
};

Deno.test("layout() puts the start leftmost, keeps boxes apart and routes every link from box to box", () => {
  const { boxes, edges, width, height } = layout(flow, []);
  assert.deepEqual(boxes.map((b) => b.id).sort(), ["ask", "found", "gone", "lonely", "lookup", "missing"]);
  const at = new Map(boxes.map((b) => [b.id, b]));
  assert.equal(Math.min(...boxes.filter((b) => b.id !== "lonely").map((b) => b.x)), at.get("ask")!.x);
  assert.ok(at.get("lookup")!.x > at.get("ask")!.x && at.get("found")!.x > at.get("lookup")!.x);
  for (const a of boxes) {
    for (const b of boxes) {
      if (a === b) continue;
      const apart = a.x + 168 <= b.x || b.x + 168 <= a.x || a.y + 58 <= b.y || b.y + 58 <= a.y;
      assert.ok(apart, `${a.id} and ${b.id} overlap`);
    }
  }
  assert.equal(edges.length, 6);
  for (const e of edges) assert.ok(e.points.length >= 2, `${e.from.id} → ${e.to.id} has a route`);
  assert.equal(edges.find((e) => e.to.id === "gone")?.missing, true, "a missing target is a ghost");
  assert.equal(edges.find((e) => e.to.id === "found")?.label, "200");
  for (const b of boxes) assert.ok(b.x >= 0 && b.y >= 0 && b.x + 168 <= width && b.y + 58 <= height);
});
