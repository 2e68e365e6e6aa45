// step() limits, restarts and versions: the 50-node cap, session timeouts, ends, missing nodes.
import assert from "node:assert/strict";
import type { Conversation, FlowNode } from "./types.ts";
import { type RunnableFlow, runnableFlow, step } from "./step.ts";
import {
  apiFlow,
  flowOf,
  msg,
  orderStatus,
  result,
  sends,
  started,
  T0,
  texts,
} from "../tests/step_fixtures.ts";

Deno.test("step() stops a message loop after 50 nodes and ends the conversation", () => {
  const flow = flowOf([
    { id: "m1", type: "message", text: "one", next: "m2" },
    { id: "m2", type: "message", text: "two", next: "m1" },
  ]);
  const r = started(flow);
  assert.equal(sends(r).length, 50);
  assert.equal(r.conversation.status, "idle");
  assert.deepEqual(r.trace.at(-1), {
    type: "error",
    message: "Stopped after 50 nodes without waiting for input",
  });
});

Deno.test("step() counts nodes across API results toward the 50-node limit", () => {
  const flow = apiFlow([{ status: "2xx", next: "loop" }]);
  flow.flow.nodes.push({
    id: "loop",
    type: "message",
    text: "again",
    next: "call",
  });
  let r = started(flow);
  let calls = 0;
  while (r.conversation.status === "running" && calls < 100) {
    calls++;
    r = step(flow, r.conversation, {
      type: "api_result",
      nodeId: "call",
      result: result(200),
    });
  }
  assert.equal(calls, 25);
  assert.equal(r.conversation.status, "idle");
  assert.equal(r.trace.at(-1)?.type, "error");
});

Deno.test("step() resets the node count on each inbound message", () => {
  const nodes: FlowNode[] = [];
  for (let i = 0; i < 40; i++) {
    nodes.push({
      id: `m${i}`,
      type: "message",
      text: `${i}`,
      next: `m${i + 1}`,
    });
  }
  nodes.push({
    id: "m40",
    type: "question",
    text: "q",
    input: "text",
    next: "m0",
  });
  const flow = flowOf(nodes);
  const r1 = started(flow);
  assert.equal(r1.conversation.status, "waiting");
  const r2 = step(flow, r1.conversation, msg("answer"));
  assert.equal(r2.conversation.status, "waiting");
  assert.equal(r2.conversation.nodesThisTurn, 41);
});

Deno.test("step() restarts at start after the session timeout", () => {
  const flow = runnableFlow(orderStatus, { sessionTimeoutMs: 60_000 });
  const waiting = started(flow).conversation;
  const late = step(flow, waiting, msg("A-17", { at: T0 + 60_001 }));
  assert.deepEqual(late.trace[0], { type: "restart", reason: "timeout" });
  assert.equal(late.conversation.attributes.order_id, undefined);
  assert.deepEqual(texts(late), ["Your order number?"]);
  const inTime = step(flow, waiting, msg("A-17", { at: T0 + 60_000 }));
  assert.equal(inTime.conversation.attributes.order_id, "A-17");
});

Deno.test("step() restarts after an end and the new conversation takes the flow's version", () => {
  const v1 = runnableFlow({
    attributes: [],
    apis: [],
    flow: { start: "bye", nodes: [{ id: "bye", type: "end", text: "v1" }] },
  }, { version: 1 });
  const ended = started(v1).conversation;
  assert.equal(ended.status, "idle");
  const v2 = runnableFlow({
    attributes: [],
    apis: [],
    flow: { start: "bye2", nodes: [{ id: "bye2", type: "end", text: "v2" }] },
  }, { version: 2 });
  const r = step(v2, ended, msg("again"));
  assert.deepEqual(r.trace[0], { type: "restart", reason: "ended" });
  assert.deepEqual(texts(r), ["v2"]);
  assert.equal(r.conversation.version, 2);
});

Deno.test("step() keeps a conversation on the version it started on when the caller passes that version", () => {
  // The caller (executor, worker, simulator) loads the flow of conversation.version
  // while the conversation is waiting or running; v2 renamed the nodes.
  const v1 = runnableFlow(orderStatus, { version: 1 });
  const v2 = runnableFlow({
    ...orderStatus,
    flow: {
      start: "ask2",
      nodes: [{
        id: "ask2",
        type: "question",
        text: "v2?",
        input: "text",
        next: "ask2",
      }],
    },
  }, { version: 2 });
  const flows: Record<number, RunnableFlow> = { 1: v1, 2: v2 };
  const c: Conversation = started(v1).conversation;
  assert.equal(c.version, 1);
  const r = step(flows[c.version], c, msg("A-17"));
  assert.equal(r.conversation.version, 1);
  assert.equal(r.conversation.nodeId, "lookup");
  const fresh = started(v2);
  assert.equal(fresh.conversation.version, 2);
  assert.equal(fresh.conversation.nodeId, "ask2");
});

Deno.test("step() ends with an error when a node id is missing at run time", () => {
  const flow = flowOf([{ id: "m", type: "message", text: "hi", next: "gone" }]);
  const r = started(flow);
  assert.deepEqual(texts(r), ["hi"]);
  assert.equal(r.conversation.status, "idle");
  assert.deepEqual(r.trace.at(-1), {
    type: "error",
    message: 'Cannot run node "gone": it is not a node of this flow',
  });
});
