import assert from "node:assert/strict";
import type { AttributeDef, FlowNode, OutMessage } from "../types.ts";
import { checkFlow } from "../flow_check.ts";
import { converse, flowOf, msg, sends } from "./testing.ts";
import { step } from "../step.ts";

const orders = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `A${i + 1}`, status: i % 2 ? "sent" : "paid", total: 10 + i }));

const attributes: AttributeDef[] = [
  { name: "orders", type: "text" },
  { name: "order_id", type: "text" },
  { name: "total", type: "number" },
];

/** A flow that sets `orders` to a JSON text, asks from it, then answers with the pick. */
function listFlow(list: string, extra: Record<string, unknown> = {}) {
  const nodes = [
    { id: "load", type: "set", attribute: "orders", value: list, next: "pick" },
    {
      id: "pick",
      type: "question",
      text: "Which order?",
      input: "choice",
      attribute: "order_id",
      choicesFrom: {
        list: "orders",
        title: "Order {{item.id}}",
        description: "{{item.status}}",
        value: "{{item.id}}",
      },
      empty: "none",
      next: "show",
      ...extra,
    },
    { id: "show", type: "end", text: "{{order_id}}: {{sys.choice.status}}, total {{sys.choice.total}}" },
    { id: "none", type: "end", text: "You have no orders." },
  ] as FlowNode[];
  return flowOf(nodes, attributes);
}

const last = (messages: OutMessage[]) => messages[messages.length - 1];

Deno.test("choicesFrom sends 1–3 elements as reply buttons, ids by element", () => {
  const r = converse(listFlow(JSON.stringify(orders(3))));
  assert.deepEqual(sends(r), [{
    type: "buttons",
    text: "Which order?",
    buttons: [{ id: "item:0", title: "Order A1" }, { id: "item:1", title: "Order A2" }, {
      id: "item:2",
      title: "Order A3",
    }],
  }]);
  assert.equal(r.conversation.status, "waiting");
});

Deno.test("choicesFrom sends 4–10 elements as a list with descriptions", () => {
  const message = sends(converse(listFlow(JSON.stringify(orders(10)))))[0];
  assert.equal(message.type, "list");
  if (message.type !== "list") return;
  assert.equal(message.rows.length, 10);
  assert.deepEqual(message.rows[9], { id: "item:9", title: "Order A10", description: "sent" });
});

Deno.test("choicesFrom pages past 10: nine rows and More…, which sends the next nine", () => {
  const flow = listFlow(JSON.stringify(orders(25)));
  let r = converse(flow);
  const page1 = last(sends(r));
  assert.equal(page1.type === "list" && page1.rows.length, 10);
  assert.deepEqual(page1.type === "list" && page1.rows[9], { id: "more:1", title: "More…" });
  r = step(flow, r.conversation, msg("More…", { kind: "interactive", replyId: "more:1" }));
  const page2 = last(sends(r));
  assert.deepEqual(page2.type === "list" && page2.rows.map((row) => row.id), [
    ...Array.from({ length: 9 }, (_, i) => `item:${9 + i}`),
    "more:2",
  ]);
  // Typed "10" is the More… row of this page; the last page shows the 7 left without More….
  r = step(flow, r.conversation, msg("10"));
  const page3 = last(sends(r));
  assert.deepEqual(page3.type === "list" && page3.rows.map((row) => row.title), [
    "Order A19",
    "Order A20",
    "Order A21",
    "Order A22",
    "Order A23",
    "Order A24",
    "Order A25",
  ]);
  // A typed number counts on the page shown.
  r = step(flow, r.conversation, msg("2"));
  assert.deepEqual(sends(r), [{ type: "text", text: "A20: sent, total 29" }]);
});

Deno.test("choicesFrom cuts titles and descriptions to WhatsApp's limits with …", () => {
  const long = [{ id: "X".repeat(30), status: "s".repeat(80), total: 1 }];
  const buttons = sends(converse(listFlow(JSON.stringify(long))))[0];
  assert.deepEqual(buttons.type === "buttons" && buttons.buttons[0].title, "Order " + "X".repeat(13) + "…");
  assert.equal(buttons.type === "buttons" && [...buttons.buttons[0].title].length, 20);
  const list = sends(converse(listFlow(JSON.stringify([...long, ...orders(3)]))))[0];
  assert.equal(list.type === "list" && list.rows[0].title, "Order " + "X".repeat(17) + "…");
  assert.equal(list.type === "list" && list.rows[0].description, "s".repeat(71) + "…");
});

Deno.test("choicesFrom matches a typed title (any case), a typed number and a reply id", () => {
  const flow = listFlow(JSON.stringify(orders(5)));
  const byTitle = converse(flow, "order a4");
  assert.deepEqual(sends(byTitle), [{ type: "text", text: "A4: sent, total 13" }]);
  assert.equal(byTitle.conversation.attributes["sys.input"], "Order A4");
  assert.deepEqual(sends(converse(flow, "5")), [{ type: "text", text: "A5: paid, total 14" }]);
  assert.deepEqual(
    sends(converse(flow, msg("Order A1", { kind: "interactive", replyId: "item:0" }))),
    [{ type: "text", text: "A1: paid, total 10" }],
  );
});

Deno.test("choicesFrom stores the rendered value (typed) and the element in sys.choice", () => {
  const flow = listFlow(JSON.stringify(orders(2)), {
    attribute: "total",
    choicesFrom: { list: "orders", title: "{{item.id}}", value: "{{item.total}}" },
  });
  const r = converse(flow, "A2");
  assert.equal(r.conversation.attributes.total, 11);
  assert.deepEqual(JSON.parse(String(r.conversation.attributes["sys.choice"])), orders(2)[1]);
  assert.equal(r.conversation.attributes["sys.choice.total"], 11);
});

Deno.test("choicesFrom re-asks the same page on an invalid reply", () => {
  const flow = listFlow(JSON.stringify(orders(12)));
  let r = converse(flow, msg("More…", { kind: "interactive", replyId: "more:1" }));
  r = step(flow, r.conversation, msg("nonsense"));
  const [sorry, again] = sends(r);
  assert.deepEqual(sorry, { type: "text", text: "Please pick one of the options." });
  assert.deepEqual(again.type === "list" && again.rows.map((row) => row.title), [
    "Order A10",
    "Order A11",
    "Order A12",
  ]);
  assert.equal(r.conversation.status, "waiting");
});

Deno.test("choicesFrom goes to empty for an empty list and for an attribute that is no JSON array", () => {
  for (const list of ["[]", '{"orders": []}', "not json", ""]) {
    const r = converse(listFlow(list));
    assert.deepEqual(sends(r), [{ type: "text", text: "You have no orders." }], list);
    assert.equal(r.conversation.status, "idle");
  }
  const withoutEmpty = converse(listFlow("[]", { empty: undefined, next: "show" }));
  assert.deepEqual(sends(withoutEmpty), [{ type: "text", text: ": , total " }]);
});

Deno.test("checkFlow() checks choicesFrom: list attribute, More… length, input, and {{item}} is no attribute", () => {
  const flow = {
    start: "q",
    nodes: [{
      id: "q",
      type: "question",
      text: "Pick",
      input: "text",
      choicesFrom: { list: "ghost", title: "{{item.id}} {{nick}}", value: "{{item}}", more: "x".repeat(25) },
    }] as FlowNode[],
  };
  const problems = checkFlow(flow, { apis: [], attributes: ["orders"] }).map((p) => [p.path, p.level]);
  assert.deepEqual(problems, [
    ["flow.nodes[0].choicesFrom.title", "error"],
    ["flow.nodes[0].choicesFrom.list", "error"],
    ["flow.nodes[0].choicesFrom", "error"],
    ["flow.nodes[0].choicesFrom.more", "error"],
    ["flow.nodes[0].empty", "warning"],
  ]);
  const fine = checkFlow({
    start: "q",
    nodes: [
      {
        id: "q",
        type: "question",
        text: "Pick",
        input: "choice",
        choicesFrom: { list: "orders", title: "{{item.id}}", value: "{{item.id}}" },
        empty: "e",
        next: "e",
      },
      { id: "e", type: "end", text: "{{sys.choice.total}}" },
    ],
  }, { apis: [], attributes: ["orders"] });
  assert.deepEqual(fine, []);
});
