import assert from "node:assert/strict";
import type { AttributeValue, ConditionOp } from "../types.ts";
import { converse, flowOf, sends } from "./testing.ts";

function decide(
  op: ConditionOp,
  actual: AttributeValue | undefined,
  value?: string,
) {
  const flow = flowOf(
    [
      {
        id: "c",
        type: "condition",
        rules: [{
          attribute: "a",
          op,
          ...(value !== undefined ? { value } : {}),
          next: "yes",
        }],
        else: "no",
      },
      { id: "yes", type: "end", text: "yes" },
      { id: "no", type: "end", text: "no" },
    ],
    actual === undefined ? [{ name: "a", type: "text" }] : [{
      name: "a",
      type: typeof actual === "number" ? "number" : "text",
      default: actual,
    }, { name: "ten", type: "number", default: 10 }],
  );
  const r = converse(flow);
  return { holds: sends(r)[0].text === "yes", trace: r.trace };
}

const cases: [
  ConditionOp,
  AttributeValue | undefined,
  string | undefined,
  boolean,
][] = [
  ["eq", "Yes", "yes", true],
  ["eq", "yes", "no", false],
  ["eq", 5, "5.0", true],
  ["neq", "a", "b", true],
  ["neq", 5, "5", false],
  ["contains", "Order shipped", "SHIP", true],
  ["contains", "Order", "x", false],
  ["gt", 10, "9", true],
  ["gt", "10", "9", true],
  ["gt", 9, "{{ten}}", false],
  ["gte", 10, "{{ten}}", true],
  ["lt", 2, "10", true],
  ["lt", "b", "a", false],
  ["lte", 10, "10", true],
  ["lte", 11, "10", false],
  ["exists", "x", undefined, true],
  ["exists", undefined, undefined, false],
  ["exists", "  ", undefined, false],
  ["empty", undefined, undefined, true],
  ["empty", "x", undefined, false],
  ["matches", "A-1234", "^A-\\d{4}$", true],
  ["matches", "a-1234", "/^A-\\d+$/i", true],
  ["matches", "B-1", "^A-", false],
];

for (const [op, actual, value, expected] of cases) {
  Deno.test(`condition ${op} ${JSON.stringify(actual)} vs ${JSON.stringify(value)} is ${expected}`, () => {
    assert.equal(decide(op, actual, value).holds, expected);
  });
}

Deno.test("condition treats an invalid regular expression as not holding and traces an error", () => {
  const { holds, trace } = decide("matches", "x", "([a-");
  assert.equal(holds, false);
  const error = trace.find((t) => t.type === "error");
  assert.match(
    error?.type === "error" ? error.message : "",
    /^Invalid regular expression "\(\[a-"/,
  );
});

Deno.test("condition takes the first rule that holds and traces the route", () => {
  const flow = flowOf([
    {
      id: "c",
      type: "condition",
      rules: [
        { attribute: "sys.input", op: "eq", value: "nope", next: "one" },
        { attribute: "sys.input", op: "exists", next: "two" },
        { attribute: "sys.input", op: "exists", next: "one" },
      ],
    },
    { id: "one", type: "end", text: "one" },
    { id: "two", type: "end", text: "two" },
  ]);
  const r = converse(flow);
  assert.deepEqual(sends(r).map((m) => m.text), ["two"]);
  assert.deepEqual(r.trace.find((t) => t.type === "route"), {
    type: "route",
    nodeId: "c",
    route: "rules[1]",
    next: "two",
  });
});

Deno.test("condition without a matching rule nor else ends the conversation", () => {
  const flow = flowOf([{
    id: "c",
    type: "condition",
    rules: [{ attribute: "a", op: "exists", next: "c" }],
  }]);
  const r = converse(flow);
  assert.equal(r.conversation.status, "idle");
  assert.deepEqual(r.trace.at(-1), {
    type: "route",
    nodeId: "c",
    route: "else",
    next: null,
  });
});
