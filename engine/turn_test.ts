import assert from "node:assert/strict";
import { runnableFlow } from "./step.ts";
import { playTurn, turnVersion } from "./turn.ts";
import type { ApiResult } from "./types.ts";
import { flowOf, msg, orderStatus, result, T0 } from "../tests/step_fixtures.ts";

const noCalls = { callApi: (): Promise<ApiResult> => Promise.reject(new Error("no call expected")) };

Deno.test("turnVersion() keeps a running conversation on its version and starts a new one on the latest", async () => {
  const v1 = runnableFlow(orderStatus, { version: 1 });
  const first = await playTurn(v1, { contactAttributes: {} }, msg("hi"), noCalls);
  assert.equal(first.conversation.status, "waiting");
  assert.equal(turnVersion(first.conversation, 2, T0 + 1000, v1.sessionTimeoutMs), 1);
  assert.equal(turnVersion(undefined, 2, T0, v1.sessionTimeoutMs), 2);
  // Idle for longer than the session timeout: it starts again, on the latest version.
  assert.equal(turnVersion(first.conversation, 2, T0 + v1.sessionTimeoutMs + 1, v1.sessionTimeoutMs), 2);
});

Deno.test("playTurn() lays the contact's stored attributes over the conversation", async () => {
  const flow = flowOf([
    { id: "m", type: "message", text: "a is {{a}}", next: "e" },
    { id: "e", type: "end", text: "bye" },
  ]);
  const first = await playTurn(flow, { contactAttributes: {} }, msg("hi"), noCalls);
  assert.deepEqual(first.sends.map((m) => m.text), ["a is ", "bye"]);
  // An admin edited the contact's attribute between two messages.
  const r = await playTurn(
    flow,
    { stored: first.conversation, contactAttributes: { a: "edited" } },
    msg("again"),
    noCalls,
  );
  assert.deepEqual(r.sends.map((m) => m.text), ["a is edited", "bye"]);
});

Deno.test("playTurn() returns the custom attributes without sys.* and only what changed", async () => {
  const flow = runnableFlow(orderStatus, { version: 1 });
  const asked = await playTurn(flow, { contactAttributes: { total: 3 } }, msg("hi"), noCalls);
  const r = await playTurn(
    flow,
    { stored: asked.conversation, contactAttributes: { total: 3 } },
    msg("A-17"),
    { callApi: () => Promise.resolve(result(200, { json: { status: "shipped", totals: { grand: 3 } } })) },
  );
  assert.deepEqual(r.attributes, { total: 3, order_id: "A-17", order_status: "shipped" });
  assert.equal(r.conversation.attributes["sys.input"], "A-17");
  assert.deepEqual(r.changes, {
    "sys.input": "A-17",
    "sys.status": 200,
    order_id: "A-17",
    order_status: "shipped",
  });
});
