// step() on API results: which route a status, a timeout or a network failure takes.
import assert from "node:assert/strict";
import type { ApiResult, StepResult } from "./types.ts";
import { newConversation, type RunnableFlow, step } from "./step.ts";
import { apiFlow, result, started, T0, texts } from "../tests/step_fixtures.ts";

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
