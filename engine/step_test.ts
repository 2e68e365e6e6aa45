import assert from "node:assert/strict";
import { newConversation, runnableFlow, step } from "./step.ts";
import { flowOf, msg, orderStatus, result, started, T0, texts } from "../tests/step_fixtures.ts";

Deno.test("step() starts at start on the first message without taking it as an answer", () => {
  const flow = runnableFlow(orderStatus, { version: 1 });
  const r = started(flow, "A-17");
  assert.deepEqual(texts(r), ["Your order number?"]);
  assert.equal(r.conversation.status, "waiting");
  assert.equal(r.conversation.nodeId, "ask");
  assert.equal(r.conversation.attributes.order_id, undefined);
  assert.equal(r.conversation.attributes["sys.input"], "A-17");
  assert.equal(r.conversation.attributes["sys.phone"], "4915112345678");
  assert.equal(r.conversation.attributes["sys.name"], "Ann");
  assert.deepEqual(r.trace[0], { type: "restart", reason: "new" });
});

Deno.test("step() runs the DESIGN example: answer, API call, mappings, 200 route", () => {
  const flow = runnableFlow(orderStatus, { version: 1 });
  const asked = started(flow);
  const r1 = step(flow, asked.conversation, msg("A-17"));
  assert.deepEqual(r1.effects, [{
    type: "call_api",
    nodeId: "lookup",
    api: "Get order",
  }]);
  assert.equal(r1.conversation.status, "running");
  assert.equal(r1.conversation.nodeId, "lookup");
  assert.equal(r1.conversation.attributes.order_id, "A-17");
  const r2 = step(flow, r1.conversation, {
    type: "api_result",
    nodeId: "lookup",
    result: result(200, {
      json: { status: "shipped", totals: { grand: 12.5 } },
    }),
  });
  assert.deepEqual(texts(r2), [
    "Order A-17 is shipped (12.5).",
    "Your order number?",
  ]);
  assert.equal(r2.conversation.attributes.total, 12.5);
  assert.equal(r2.conversation.attributes["sys.status"], 200);
  assert.equal(r2.conversation.status, "waiting");
  const types = r2.trace.map((t) => t.type);
  assert.deepEqual(types.slice(0, 4), ["api", "mapping", "mapping", "route"]);
  assert.deepEqual(r2.trace[3], {
    type: "route",
    nodeId: "lookup",
    route: "200",
    next: "found",
  });
});

Deno.test("step() does not change the conversation it is given", () => {
  const flow = runnableFlow(orderStatus);
  const c = newConversation(flow, T0);
  const copy = structuredClone(c);
  step(flow, c, msg("hi"));
  assert.deepEqual(c, copy);
});

Deno.test("newConversation() starts idle with the declared defaults and the flow's version", () => {
  const flow = flowOf([{ id: "e", type: "end" }], {
    attributes: [{ name: "lang", type: "text", default: "en" }, {
      name: "x",
      type: "number",
    }],
  });
  flow.version = 7;
  const c = newConversation(flow, T0);
  assert.deepEqual(c, {
    version: 7,
    status: "idle",
    nodeId: null,
    attributes: { lang: "en" },
    lastActivityAt: T0,
    nodesThisTurn: 0,
  });
});
