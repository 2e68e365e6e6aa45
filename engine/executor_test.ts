import assert from "node:assert/strict";
import type { ApiDef, ApiResult, AttributeValues, BotDocument } from "./types.ts";
import { newConversation, runnableFlow } from "./step.ts";
import { runTurn } from "./executor.ts";

const doc: BotDocument = JSON.parse(
  await Deno.readTextFile(
    new URL("./testdata/order_status.json", import.meta.url),
  ),
);
const at = 1_700_000_000_000;

/** A text message from the contact, as the executor receives it. */
function message(text: string) {
  return { type: "message" as const, text, kind: "text" as const, at };
}

function ok(status: number, json?: unknown): ApiResult {
  return {
    status,
    headers: {},
    body: JSON.stringify(json ?? ""),
    json,
    durationMs: 3,
    size: 0,
    request: { method: "GET", url: "u", headers: {} },
    attempts: 1,
  };
}

Deno.test("runTurn() calls the API with the attributes and sends the replies in order", async () => {
  const flow = runnableFlow(doc, { version: 1 });
  const calls: [string, AttributeValues][] = [];
  const deps = {
    callApi: (api: ApiDef, values: AttributeValues) => {
      calls.push([api.name, values]);
      return Promise.resolve(
        ok(200, { status: "packed", totals: { grand: 30 } }),
      );
    },
  };
  const first = await runTurn(flow, newConversation(flow, at), message("hi"), deps);
  assert.deepEqual(first.sends, [{ type: "text", text: "Your order number?" }]);
  const second = await runTurn(flow, first.conversation, message("A-1"), deps);
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], "Get order");
  assert.equal(calls[0][1].order_id, "A-1");
  assert.deepEqual(second.sends.map((m) => m.text), [
    "Order A-1 is packed (30).",
    "Your order number?",
  ]);
  assert.equal(second.conversation.status, "waiting");
  assert.deepEqual(
    second.trace.map((t) => t.type).filter((t) => t !== "node"),
    ["set", "api", "mapping", "mapping", "route"],
  );
});

Deno.test("runTurn() turns a missing API definition into a status-0 result", async () => {
  const flow = runnableFlow({ ...doc, apis: [] });
  const deps = {
    callApi: () => Promise.reject(new Error("must not be called")),
  };
  const asked = await runTurn(flow, newConversation(flow, at), message("hi"), deps);
  const r = await runTurn(flow, asked.conversation, message("A-1"), deps);
  assert.deepEqual(r.sends.map((m) => m.text), [
    "Our shop is not answering, try later.",
  ]);
  assert.equal(r.conversation.attributes["sys.status"], 0);
  const api = r.trace.find((t) => t.type === "api");
  assert.equal(
    api?.type === "api" && api.error,
    'Cannot call API "Get order": it is not defined',
  );
});

Deno.test("runTurn() turns a throwing callApi into a status-0 result instead of throwing", async () => {
  const flow = runnableFlow(doc);
  const deps = { callApi: () => Promise.reject(new Error("boom")) };
  const asked = await runTurn(flow, newConversation(flow, at), message("hi"), deps);
  const r = await runTurn(flow, asked.conversation, message("A-1"), deps);
  assert.equal(r.conversation.status, "idle");
  assert.deepEqual(r.sends.map((m) => m.text), [
    "Our shop is not answering, try later.",
  ]);
});

Deno.test("runTurn() stops an API loop at the 50-node limit", async () => {
  const flow = runnableFlow({
    ...doc,
    flow: {
      start: "lookup",
      nodes: [{
        id: "lookup",
        type: "api",
        api: "Get order",
        routes: [],
        others: "lookup",
      }],
    },
  });
  let calls = 0;
  const deps = { callApi: () => (calls++, Promise.resolve(ok(500))) };
  const r = await runTurn(flow, newConversation(flow, at), message("hi"), deps);
  assert.equal(calls, 50);
  assert.equal(r.conversation.status, "idle");
  assert.deepEqual(r.trace.at(-1), {
    type: "error",
    message: "Stopped after 50 nodes without waiting for input",
  });
});
