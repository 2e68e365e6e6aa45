import assert from "node:assert/strict";
import type { FlowNode } from "../types.ts";
import { apisOfNodes, attributesOfNode, linksOf, NODE_KINDS, NODE_TYPES } from "./mod.ts";
import { renderText } from "../template.ts";

Deno.test("attributesOfNode() counts a condition rule value {{limit}}, which the interpreter renders", () => {
  const node: FlowNode = {
    id: "if",
    type: "condition",
    rules: [{ attribute: "total", op: "gt", value: "{{limit}}", next: "x" }],
  };
  assert.deepEqual(attributesOfNode(node), ["total", "limit"]);
});

Deno.test("attributesOfNode() counts what a question renders and writes, not its static choice titles", () => {
  const node: FlowNode = {
    id: "ask",
    type: "question",
    text: "Hi {{name}}",
    invalid: "Sorry {{nick}}",
    input: "choice",
    attribute: "picked",
    choices: [{ id: "a", title: "{{ghost}}", value: "{{ghost2}}" }],
  };
  assert.deepEqual(attributesOfNode(node), ["picked", "name", "nick"]);
  // The interpreter sends choice titles as written: nothing to render, nothing used.
  assert.equal(renderText("{{ghost}}", {}), "");
});

Deno.test("every node type has a descriptor whose links the editor and the check share", () => {
  assert.deepEqual(NODE_TYPES, ["message", "question", "api", "condition", "set", "end"]);
  for (const type of NODE_TYPES) assert.equal(typeof NODE_KINDS[type].run, "function");
  assert.deepEqual(
    linksOf({ id: "c", type: "api", api: "A", routes: [{ status: "404", next: "m" }], others: "o" }),
    [{ path: ".routes[0].next", label: "404", target: "m" }, {
      path: ".others",
      label: "others",
      target: "o",
    }],
  );
  assert.deepEqual(
    apisOfNodes([
      { id: "c", type: "api", api: "A", routes: [] },
      { id: "d", type: "api", api: "A", routes: [] },
      { id: "m", type: "message", text: "x" },
    ]),
    ["A"],
  );
});
