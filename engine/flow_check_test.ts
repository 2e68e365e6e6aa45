import assert from "node:assert/strict";
import type { Flow } from "./types.ts";
import { checkFlow } from "./flow_check.ts";

const context = { apis: ["Get order"], attributes: ["order_id"] };

Deno.test("checkFlow() refuses a placeholder naming no attribute, with did you mean for a typo", () => {
  const flow: Flow = {
    start: "a",
    nodes: [{ id: "a", type: "message", text: "Hi {{customer_nmae}}, {{sys.nmae}}, {{order_id}}" }],
  };
  assert.deepEqual(checkFlow(flow, { apis: [], attributes: ["customer_name", "order_id"] }), [
    {
      nodeId: "a",
      path: "flow.nodes[0].text",
      message: 'Unknown attribute "customer_nmae" in a placeholder: did you mean customer_name?',
      level: "error",
    },
    {
      nodeId: "a",
      path: "flow.nodes[0].text",
      message: 'Unknown attribute "sys.nmae" in a placeholder: did you mean sys.name?',
      level: "error",
    },
  ]);
});

Deno.test("checkFlow() flags unreachable nodes and unknown placeholders", () => {
  const flow: Flow = {
    start: "a",
    nodes: [
      { id: "a", type: "message", text: "Hi {{order_id}} {{sys.name}} {{nickname}}", next: "b" },
      { id: "b", type: "set", attribute: "order_id", value: "{{ghost}}" },
      { id: "island", type: "end", text: "never" },
    ],
  };
  assert.deepEqual(checkFlow(flow, context), [
    {
      nodeId: "a",
      path: "flow.nodes[0].text",
      message: 'Unknown attribute "nickname" in a placeholder: declare it or fix the name',
      level: "error",
    },
    {
      nodeId: "b",
      path: "flow.nodes[1].value",
      message: 'Unknown attribute "ghost" in a placeholder: declare it or fix the name',
      level: "error",
    },
    {
      nodeId: "island",
      path: "flow.nodes[2]",
      message: "Not reachable from the start node",
      level: "warning",
    },
  ]);
});

Deno.test("checkFlow() reports the same errors as document validation, by node", () => {
  const flow: Flow = {
    start: "a",
    nodes: [
      {
        id: "a",
        type: "api",
        api: "Nope",
        routes: [{ status: "2xx", next: "b" }, { status: "20", next: "b" }],
        others: "zz",
      },
      { id: "b", type: "condition", rules: [{ attribute: "sys.foo", op: "matches", value: "(", next: "a" }] },
    ],
  };
  const problems = checkFlow(flow, context);
  assert.deepEqual(problems.map((p) => [p.nodeId, p.path, p.level]), [
    ["a", "flow.nodes[0].others", "error"],
    ["a", "flow.nodes[0].api", "error"],
    ["a", "flow.nodes[0].routes[1].status", "error"],
    ["b", "flow.nodes[1].rules[0].attribute", "error"],
    ["b", "flow.nodes[1].rules[0].value", "error"],
  ]);
  assert.equal(problems[1].message, 'Names the API "Nope", which is not defined');
});

Deno.test("checkFlow() finds nothing wrong in a sound flow", () => {
  const flow: Flow = {
    start: "q",
    nodes: [
      { id: "q", type: "question", text: "Id?", input: "text", attribute: "order_id", next: "l" },
      {
        id: "l",
        type: "api",
        api: "Get order",
        routes: [{ status: "200", next: "q" }, { status: "timeout", next: "e" }],
        others: "e",
      },
      { id: "e", type: "end" },
    ],
  };
  assert.deepEqual(checkFlow(flow, context), []);
});

Deno.test("checkFlow() warns that failures end the conversation without a reply when no route takes them", () => {
  const api = (routes: string[], others?: string): Flow => ({
    start: "l",
    nodes: [
      {
        id: "l",
        type: "api",
        api: "Get order",
        routes: routes.map((status) => ({ status, next: "e" })),
        others,
      },
      { id: "e", type: "end" },
    ],
  });
  const warnings = (flow: Flow) => checkFlow(flow, context).map((p) => `${p.level} ${p.path}: ${p.message}`);
  assert.deepEqual(warnings(api(["200"])), [
    'warning flow.nodes[0].others: Failures end the conversation without a reply (timeouts and network errors and 5xx answers go nowhere): add an "others" route, or routes for "error" and "5xx"',
  ]);
  assert.match(warnings(api(["200", "5xx", "timeout"]))[0], /\(network errors go nowhere\)/);
  assert.match(warnings(api(["200", "error"]))[0], /\(5xx answers go nowhere\)/);
  assert.deepEqual(warnings(api(["200", "error", "5XX"])), []);
  assert.deepEqual(warnings(api(["200"], "e")), []);
});
