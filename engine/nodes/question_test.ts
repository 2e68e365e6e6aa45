import assert from "node:assert/strict";
import type { Choice, FlowNode, QuestionInput } from "../types.ts";
import { converse, flowOf, msg, sends } from "./testing.ts";

function ask(
  input: QuestionInput,
  extra: Partial<FlowNode> = {},
  type: "text" | "number" = "text",
) {
  return flowOf([
    {
      id: "q",
      type: "question",
      text: "Q?",
      input,
      attribute: "x",
      next: "done",
      ...extra,
    } as FlowNode,
    { id: "done", type: "end", text: "{{x}}" },
  ], [{ name: "x", type }]);
}

const invalidCases: [QuestionInput, string, string][] = [
  ["text", "   ", "Please type your answer."],
  ["number", "twelve", "Please enter a number."],
  ["email", "ann@", "Please enter a valid email address."],
  ["phone", "12-34", "Please enter a valid phone number."],
];

for (const [input, bad, reply] of invalidCases) {
  Deno.test(`question ${input} re-asks with the default text on "${bad}"`, () => {
    const r = converse(ask(input), bad);
    assert.deepEqual(sends(r).map((m) => m.text), [reply, "Q?"]);
    assert.equal(r.conversation.status, "waiting");
    assert.equal(r.conversation.nodeId, "q");
    assert.equal(r.conversation.attributes.x, undefined);
    assert.deepEqual(r.trace, [{ type: "invalid", nodeId: "q", text: bad }]);
  });
}

Deno.test("question re-asks with its own invalid text, rendered", () => {
  const r = converse(
    ask("number", { invalid: "Digits please, {{sys.input}} is not one" }),
    "abc",
  );
  assert.deepEqual(sends(r).map((m) => m.text), [
    "Digits please, abc is not one",
    "Q?",
  ]);
});

Deno.test("question counts an image as an invalid answer", () => {
  const r = converse(ask("text"), msg("", { kind: "image" }));
  assert.equal(r.conversation.status, "waiting");
  assert.equal(r.trace[0].type, "invalid");
});

const validCases: [
  QuestionInput,
  string,
  string | number,
  "text" | "number",
][] = [
  ["text", " hello ", "hello", "text"],
  ["number", "3,5", 3.5, "number"],
  ["number", "1,000", 1000, "number"],
  ["number", "-42", -42, "number"],
  ["number", "42", "42", "text"],
  ["email", "ann@example.com", "ann@example.com", "text"],
  ["phone", "+49 151-123 456", "+49151123456", "text"],
];

for (const [input, answer, stored, type] of validCases) {
  Deno.test(`question ${input} stores "${answer}" in a ${type} attribute as ${JSON.stringify(stored)}`, () => {
    const r = converse(ask(input, {}, type), answer);
    assert.equal(r.conversation.attributes.x, stored);
    assert.equal(r.conversation.status, "idle");
  });
}

const three: Choice[] = [
  { id: "c1", title: "Yes", value: "y", next: "yes" },
  { id: "c2", title: "No" },
  { id: "c3", title: "Maybe" },
];

function choiceFlow(choices: Choice[]) {
  return flowOf([
    {
      id: "q",
      type: "question",
      text: "Pick",
      input: "choice",
      attribute: "x",
      choices,
      next: "other",
    },
    { id: "yes", type: "end", text: "yes {{x}}" },
    { id: "other", type: "end", text: "other {{x}} {{sys.input}}" },
  ], [{ name: "x", type: "text" }]);
}

Deno.test("question sends 1–3 choices as reply buttons", () => {
  const r = converse(choiceFlow(three));
  assert.deepEqual(sends(r), [{
    type: "buttons",
    text: "Pick",
    buttons: [{ id: "c1", title: "Yes" }, { id: "c2", title: "No" }, {
      id: "c3",
      title: "Maybe",
    }],
  }]);
});

Deno.test("question sends 4–10 choices as a list", () => {
  const choices = Array.from(
    { length: 4 },
    (_, i) => ({ id: `r${i}`, title: `Row ${i}` }),
  );
  const [list] = sends(converse(choiceFlow(choices)));
  assert.equal(list.type, "list");
  assert.equal(list.type === "list" && list.button, "Choose");
  assert.deepEqual(list.type === "list" && list.rows.map((r) => r.id), [
    "r0",
    "r1",
    "r2",
    "r3",
  ]);
});

Deno.test("question picks a choice by reply id and goes to its next with its value", () => {
  const r = converse(
    choiceFlow(three),
    msg("whatever", { kind: "interactive", replyId: "c1" }),
  );
  assert.deepEqual(sends(r).map((m) => m.text), ["yes y"]);
});

Deno.test("question picks a choice by its title typed in any case and stores the title", () => {
  const r = converse(choiceFlow(three), "  mAyBe ");
  assert.deepEqual(sends(r).map((m) => m.text), ["other Maybe Maybe"]);
});

Deno.test("question picks a choice by its 1-based number and sets sys.input to its title", () => {
  const r = converse(choiceFlow(three), "2");
  assert.deepEqual(sends(r).map((m) => m.text), ["other No No"]);
});

Deno.test("question re-asks a choice when the answer matches none", () => {
  const r = converse(choiceFlow(three), "4");
  assert.equal(sends(r)[0].text, "Please pick one of the options.");
  assert.equal(sends(r)[1].type, "buttons");
});

Deno.test("question renders its text with attributes", () => {
  const flow = flowOf([{
    id: "q",
    type: "question",
    text: "Hi {{sys.name}}?",
    input: "text",
  }]);
  const r = converse(flow, msg("x", { profileName: "Bo" }));
  assert.equal(r.conversation.status, "idle");
  const first = converse(
    flowOf([{ id: "q", type: "question", text: "Hi {{a}}?", input: "text" }], [{
      name: "a",
      type: "text",
      default: "Ann",
    }]),
  );
  assert.equal(sends(first)[0].text, "Hi Ann?");
});
