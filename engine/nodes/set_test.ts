import assert from "node:assert/strict";
import type { AttributeType, AttributeValue } from "../types.ts";
import { converse, flowOf, sends } from "./testing.ts";

function setTo(type: AttributeType, value: string): AttributeValue | undefined {
  const flow = flowOf([
    { id: "s", type: "set", attribute: "x", value, next: "m" },
    { id: "m", type: "message", text: "x={{x}}" },
  ], [{ name: "x", type }, { name: "y", type: "text", default: "7" }]);
  const r = converse(flow);
  assert.equal(sends(r)[0].text, `x=${r.conversation.attributes.x}`);
  return r.conversation.attributes.x;
}

Deno.test("set renders the template and coerces to a number attribute", () => {
  assert.equal(setTo("number", "{{y}}5"), 75);
  assert.equal(setTo("number", "1.5"), 1.5);
});

Deno.test("set keeps a non-numeric value for a number attribute as text", () => {
  assert.equal(setTo("number", "abc"), "abc");
});

Deno.test("set coerces true/false to a boolean attribute", () => {
  assert.equal(setTo("boolean", "TRUE"), true);
  assert.equal(setTo("boolean", "false"), false);
});

Deno.test("set stores text as rendered for a text attribute", () => {
  assert.equal(setTo("text", "{{y}} {{sys.input}} {{unknown}}!"), "7 hi !");
});

Deno.test("set refuses to write a system attribute", () => {
  const flow = flowOf([{
    id: "s",
    type: "set",
    attribute: "sys.input",
    value: "x",
  }]);
  const r = converse(flow);
  assert.equal(r.conversation.attributes["sys.input"], "hi");
  assert.equal(r.trace.some((t) => t.type === "error"), true);
});

Deno.test("message and end send their rendered texts, end makes the conversation idle", () => {
  const flow = flowOf([
    { id: "m", type: "message", text: "Hello {{sys.input}}", next: "e" },
    { id: "e", type: "end", text: "Bye" },
  ]);
  const r = converse(flow);
  assert.deepEqual(sends(r), [{ type: "text", text: "Hello hi" }, {
    type: "text",
    text: "Bye",
  }]);
  assert.equal(r.conversation.status, "idle");
  const silent = converse(flowOf([{ id: "e", type: "end" }]));
  assert.deepEqual(silent.effects, []);
  assert.equal(silent.conversation.status, "idle");
});
