import assert from "node:assert/strict";
import type {
  ApiResult,
  BotDocument,
  Conversation,
  Effect,
  FlowNode,
  InboundMessage,
  OutMessage,
  StepResult,
} from "./types.ts";
import { newConversation, type RunnableFlow, runnableFlow, step } from "./step.ts";

const orderStatus: BotDocument = JSON.parse(
  await Deno.readTextFile(
    new URL("./testdata/order_status.json", import.meta.url),
  ),
);

const T0 = 1_700_000_000_000;

function msg(
  text: string,
  extra: Partial<InboundMessage> = {},
): InboundMessage {
  return {
    type: "message",
    text,
    kind: "text",
    at: T0,
    phone: "4915112345678",
    profileName: "Ann",
    ...extra,
  };
}

function result(status: number, extra: Partial<ApiResult> = {}): ApiResult {
  return {
    status,
    headers: {},
    body: "",
    durationMs: 5,
    size: 0,
    request: { method: "GET", url: "https://x.test/", headers: {} },
    attempts: 1,
    ...extra,
  };
}

function flowOf(
  nodes: FlowNode[],
  extra: Partial<BotDocument> = {},
): RunnableFlow {
  return runnableFlow({
    attributes: [
      { name: "a", type: "text" },
      { name: "n", type: "number" },
      { name: "b", type: "boolean" },
    ],
    apis: [],
    flow: { start: nodes[0].id, nodes },
    ...extra,
  });
}

function sends(r: StepResult): OutMessage[] {
  return r.effects.flatMap((e: Effect) => e.type === "send" ? [e.message] : []);
}

function texts(r: StepResult): string[] {
  return sends(r).map((m) => m.text);
}

/** Starts a flow with a first message (which is not an answer). */
function started(flow: RunnableFlow, first = "hi"): StepResult {
  return step(flow, newConversation(flow, T0), msg(first));
}

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

// ------------------------------------------------------------------ API routes

function apiFlow(
  routes: { status: string; next: string }[],
  others?: string,
): RunnableFlow {
  const targets = ["exact", "klass", "timeout", "error", "others", "ok"];
  return flowOf([
    {
      id: "call",
      type: "api",
      api: "X",
      routes,
      ...(others ? { others } : {}),
    },
    ...targets.map((id): FlowNode => ({ id, type: "end", text: id })),
  ], {
    apis: [{
      name: "X",
      method: "GET",
      url: "https://x.test/",
      query: [],
      headers: [],
      body: null,
      auth: { type: "none" },
      timeoutMs: 1000,
      mappings: [{ path: "$.v", attribute: "a" }],
    }],
  });
}

function routeOf(flow: RunnableFlow, r: ApiResult): StepResult {
  const c = started(flow).conversation;
  assert.equal(c.status, "running");
  return step(flow, c, { type: "api_result", nodeId: "call", result: r });
}

const ALL_ROUTES = [
  { status: "4xx", next: "klass" },
  { status: "404", next: "exact" },
  { status: "timeout", next: "timeout" },
  { status: "error", next: "error" },
];

Deno.test("step() prefers the exact status route over an earlier class route", () => {
  assert.deepEqual(texts(routeOf(apiFlow(ALL_ROUTES, "others"), result(404))), [
    "exact",
  ]);
});

Deno.test("step() routes a 404 to the 4xx route when no exact route exists", () => {
  const r = routeOf(
    apiFlow([{ status: "4XX", next: "klass" }], "others"),
    result(404),
  );
  assert.deepEqual(texts(r), ["klass"]);
  assert.equal(r.conversation.attributes["sys.status"], 404);
});

Deno.test("step() routes a timed-out call to the timeout route before the error route", () => {
  const r = routeOf(
    apiFlow(ALL_ROUTES, "others"),
    result(0, { timedOut: true, error: "timeout" }),
  );
  assert.deepEqual(texts(r), ["timeout"]);
  assert.equal(r.conversation.attributes["sys.status"], 0);
});

Deno.test("step() routes a timed-out call to the error route when there is no timeout route", () => {
  const routes = [{ status: "error", next: "error" }];
  assert.deepEqual(
    texts(routeOf(apiFlow(routes), result(0, { timedOut: true }))),
    ["error"],
  );
});

Deno.test("step() routes a network failure to the error route, not the timeout route", () => {
  const r = routeOf(
    apiFlow(ALL_ROUTES, "others"),
    result(0, { error: "connection refused" }),
  );
  assert.deepEqual(texts(r), ["error"]);
  const api = r.trace.find((t) => t.type === "api");
  assert.equal(api?.type === "api" && api.error, "connection refused");
});

Deno.test("step() routes status 0 to others when only others is set", () => {
  assert.deepEqual(texts(routeOf(apiFlow([], "others"), result(0))), [
    "others",
  ]);
});

Deno.test("step() routes an unmatched status to others", () => {
  assert.deepEqual(texts(routeOf(apiFlow(ALL_ROUTES, "others"), result(500))), [
    "others",
  ]);
});

Deno.test("step() ends the conversation when no route matches and there is no others", () => {
  const r = routeOf(apiFlow([{ status: "200", next: "ok" }]), result(503));
  assert.deepEqual(texts(r), []);
  assert.equal(r.conversation.status, "idle");
  assert.equal(r.conversation.nodeId, null);
  assert.deepEqual(r.trace.at(-1), {
    type: "route",
    nodeId: "call",
    route: "none",
    next: null,
  });
});

Deno.test("step() applies mappings only when the body was JSON", () => {
  const flow = apiFlow([{ status: "2xx", next: "ok" }]);
  const json = routeOf(flow, result(200, { json: { v: "yes" } }));
  assert.equal(json.conversation.attributes.a, "yes");
  const text = routeOf(flow, result(200, { body: '{"v":"yes"}' }));
  assert.equal(text.conversation.attributes.a, undefined);
  assert.equal(text.trace.some((t) => t.type === "mapping"), false);
});

Deno.test("step() ignores an api_result the conversation is not waiting for", () => {
  const flow = apiFlow([{ status: "2xx", next: "ok" }]);
  const c = started(flow).conversation;
  const r = step(flow, c, {
    type: "api_result",
    nodeId: "ok",
    result: result(200),
  });
  assert.deepEqual(r.effects, []);
  assert.deepEqual(r.conversation, c);
  assert.equal(r.trace[0].type, "error");
  const idle = newConversation(flow, T0);
  const r2 = step(flow, idle, {
    type: "api_result",
    nodeId: "call",
    result: result(200),
  });
  assert.equal(r2.trace[0].type, "error");
  assert.equal(r2.conversation.status, "idle");
});

// ------------------------------------------------------------------ limits, restarts, versions

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
