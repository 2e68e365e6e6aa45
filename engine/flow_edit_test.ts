import assert from "node:assert/strict";
import type { Flow } from "./types.ts";
import {
  deleteNode,
  duplicateNode,
  linkNewNodes,
  moveNode,
  NEW_TARGET_PREFIX,
  saveNode,
  uniqueId,
} from "./flow_edit.ts";
import { linksOf } from "./nodes/mod.ts";

const flow: Flow = {
  start: "ask",
  nodes: [
    {
      id: "ask",
      type: "question",
      text: "Pick",
      input: "choice",
      choices: [{ id: "a", title: "A", next: "ask" }, { id: "b", title: "B" }],
      next: "ask",
    },
    { id: "call", type: "api", api: "Get order", routes: [{ status: "200", next: "ask" }], others: "ask" },
    {
      id: "if",
      type: "condition",
      rules: [{ attribute: "x", op: "eq", value: "1", next: "ask" }],
      else: "ask",
    },
    { id: "say", type: "message", text: "Hi", next: "ask" },
    { id: "put", type: "set", attribute: "x", value: "1", next: "ask" },
    { id: "bye", type: "end" },
  ],
};

Deno.test("saveNode() renaming a node moves every link of every node type and the start", () => {
  const renamed = saveNode(flow, 0, { ...flow.nodes[0], id: "pick" } as Flow["nodes"][number]);
  assert.equal(renamed.start, "pick");
  const targets = renamed.nodes.flatMap((n) => linksOf(n).map((l) => l.target));
  assert.equal(targets.length, 8);
  assert.deepEqual([...new Set(targets)], ["pick"]);
  // The choice without a link stays without one; the flow given is untouched.
  assert.equal(renamed.nodes[0].type === "question" && renamed.nodes[0].choices?.[1].next, undefined);
  assert.equal(flow.start, "ask");
  assert.equal(linksOf(flow.nodes[1])[0].target, "ask");
});

Deno.test("saveNode() keeps links when another node still has the old id, and appends at the length", () => {
  const twin = { ...flow, nodes: [...flow.nodes, { id: "ask", type: "end" as const }] };
  const saved = saveNode(twin, 0, { ...flow.nodes[0], id: "pick" } as Flow["nodes"][number]);
  assert.equal(saved.start, "ask");
  assert.equal(linksOf(saved.nodes[1])[0].target, "ask");
  const appended = saveNode({ start: "", nodes: [] }, 0, { id: "hi", type: "message", text: "Hi" });
  assert.deepEqual(appended, { start: "hi", nodes: [{ id: "hi", type: "message", text: "Hi" }] });
});

Deno.test("moveNode(), duplicateNode(), deleteNode() and uniqueId() edit a copy", () => {
  assert.deepEqual(moveNode(flow, 0, 1).nodes.map((n) => n.id).slice(0, 2), ["call", "ask"]);
  assert.equal(moveNode(flow, 0, -1), flow);
  const copied = duplicateNode(duplicateNode(flow, 3), 3);
  assert.deepEqual(copied.nodes.map((n) => n.id).slice(3, 6), ["say", "say_copy2", "say_copy"]);
  const deleted = deleteNode(flow, 0);
  assert.equal(deleted.start, "call");
  assert.equal(deleted.nodes.length, 5);
  assert.equal(
    linksOf(deleted.nodes[0])[0].target,
    "ask",
    "links to a deleted node are kept, to show as errors",
  );
  assert.equal(uniqueId(flow, "say"), "say2");
  assert.equal(uniqueId(flow, "new"), "new");
});

Deno.test("linkNewNodes() creates the nodes a '+ new …' target asks for and links them", () => {
  const base: Flow = {
    start: "call",
    nodes: [
      {
        id: "call",
        type: "api",
        api: "Get order",
        routes: [{ status: "200", next: `${NEW_TARGET_PREFIX}message` }, {
          status: "404",
          next: "+new:bogus",
        }],
        others: `${NEW_TARGET_PREFIX}end`,
      },
      { id: "message", type: "end" },
    ],
  };
  const linked = linkNewNodes(base, 0);
  assert.deepEqual(linked.nodes.map((n) => n.id), ["call", "message", "message2", "end"]);
  assert.deepEqual(linksOf(linked.nodes[0]).map((l) => l.target), ["message2", "+new:bogus", "end"]);
  assert.deepEqual(linked.nodes[3], {
    id: "end",
    type: "end",
    text: "Sorry, something went wrong on our side. Please try again later.",
  });
  assert.equal(linked.nodes[2].type, "message");
  assert.equal(base.nodes.length, 2, "the flow given is untouched");
  assert.equal(linkNewNodes(base, 5), base);
});
