/** The `question` node: asks, waits, validates the answer. */
import * as v from "valibot";
import type { InboundMessage, OutMessage, QuestionNode } from "../types.ts";
import {
  type CheckContext,
  link,
  type Located,
  located,
  moved,
  type NodeKind,
  type NodeLink,
} from "./node_kind.ts";
import { LIMITS } from "./checks.ts";
import { NodeIdSchema, nonEmpty, TargetSchema } from "../schema_parts.ts";
import { renderText } from "../template.ts";
import { ANSWER_KINDS, DEFAULT_INVALID_TEXT, validateInput } from "../input_validation.ts";
import { ChoicesFromSchema, LIST_BUTTON_LABEL, withoutItem } from "./question_list.ts";
import { answerFromList, askFromList } from "./question_from.ts";
import { attributeType, coerceValue, isSystemAttribute, type Outcome, type Run, send } from "./shared.ts";

export { LIST_BUTTON_LABEL };

export const QUESTION_INPUTS = ["text", "number", "email", "phone", "choice"] as const;

export const ChoiceSchema = v.object({
  id: nonEmpty("A choice id"),
  title: nonEmpty("A choice title"),
  value: v.optional(v.string()),
  next: v.optional(TargetSchema),
});

export const QuestionNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("question"),
  text: nonEmpty("A question text"),
  input: v.picklist(QUESTION_INPUTS, 'Inputs are "text", "number", "email", "phone" and "choice"'),
  attribute: v.optional(v.string()),
  choices: v.optional(v.array(ChoiceSchema)),
  /** Choices from a JSON array held in an attribute (DESIGN §5), instead of `choices`. */
  choicesFrom: v.optional(ChoicesFromSchema),
  /** Where an empty list (or no JSON array) goes; else `next`. */
  empty: v.optional(TargetSchema),
  invalid: v.optional(v.string()),
  next: v.optional(TargetSchema),
});

/** Sends the question and waits for the answer. */
export function askQuestion(node: QuestionNode, run: Run): Outcome {
  const from = listed(node);
  if (from) return askFromList(node, from, run, 0, LIST_BUTTON_LABEL);
  send(run, questionMessage(node, run));
  return { wait: "answer" };
}

/**
 * Handles the answer to the waiting question: invalid → the `invalid` text
 * (or a default per input type) and the question again; valid → stored,
 * then on to the choice's `next`, else the node's `next`.
 */
export function answerQuestion(
  node: QuestionNode,
  message: InboundMessage,
  run: Run,
): Outcome {
  const from = listed(node);
  const attributes = run.conversation.attributes;
  if (from && ANSWER_KINDS.has(message.kind)) {
    const outcome = answerFromList(node, from, message, run, LIST_BUTTON_LABEL);
    if (outcome) return outcome;
  }
  const answer = from ? { ok: false as const } : validateInput(node.input, message, node.choices);
  if (!answer.ok) {
    run.trace.push({ type: "invalid", nodeId: node.id, text: message.text });
    const text = node.invalid ? renderText(node.invalid, attributes) : DEFAULT_INVALID_TEXT[node.input];
    send(run, { type: "text", text });
    return from
      ? askFromList(node, from, run, run.conversation.page ?? 0, LIST_BUTTON_LABEL)
      : askQuestion(node, run);
  }
  attributes["sys.input"] = answer.input;
  if (node.attribute && !isSystemAttribute(node.attribute)) {
    const value = coerceValue(answer.value, attributeType(run, node.attribute));
    attributes[node.attribute] = value;
    run.trace.push({ type: "set", attribute: node.attribute, value });
  }
  return { next: answer.choice?.next ?? node.next ?? null };
}

/**
 * The question as WhatsApp shows it: 1–3 choices as reply buttons, 4–10 as
 * a list (titles cut to WhatsApp's limits in case a stale flow exceeds them).
 */
function questionMessage(node: QuestionNode, run: Run): OutMessage {
  const text = renderText(node.text, run.conversation.attributes);
  const choices = node.input === "choice" ? node.choices ?? [] : [];
  if (choices.length === 0) return { type: "text", text };
  if (choices.length <= 3) {
    return {
      type: "buttons",
      text,
      buttons: choices.map((c) => ({ id: c.id, title: c.title.slice(0, 20) })),
    };
  }
  return {
    type: "list",
    text,
    button: LIST_BUTTON_LABEL,
    rows: choices.slice(0, 10).map((c) => ({
      id: c.id,
      title: c.title.slice(0, 24),
    })),
  };
}

/** The `question` node type. Static choice titles are sent as written, so they are no template. */
export const questionKind: NodeKind<QuestionNode> = {
  label: "question",
  run: askQuestion,
  links: (node) => {
    const out: NodeLink[] = (node.choices ?? []).flatMap((c, i) =>
      link(`.choices[${i}].next`, c.title, c.next)
    );
    if (node.choicesFrom) out.push(...link(".empty", "empty list", node.empty));
    return [...out, ...link(".next", out.length > 0 ? "other choices" : "", node.next)];
  },
  retarget: (node, from, to) => ({
    ...node,
    next: moved(node.next, from, to),
    empty: moved(node.empty, from, to),
    choices: node.choices?.map((c) => c.next === from ? { ...c, next: to } : c),
  }),
  texts: (node) => [...located(".text", node.text), ...located(".invalid", node.invalid)],
  templates: (node) => {
    const from = node.choicesFrom;
    const listed: Located[] = from
      ? [
        [".choicesFrom.title", withoutItem(from.title)],
        ...located(".choicesFrom.description", from.description && withoutItem(from.description)),
        [".choicesFrom.value", withoutItem(from.value)],
      ]
      : [];
    return [...located(".text", node.text), ...located(".invalid", node.invalid), ...listed];
  },
  reads: (node) => located(".choicesFrom.list", node.choicesFrom?.list),
  writes: (node) => located(".attribute", node.attribute),
  apis: () => [],
  check: (node, context) => {
    if (node.choicesFrom) checkChoicesFrom(node, context);
    else if (node.input === "choice") checkChoices(node, context);
  },
  summary: (node) => node.text,
};

function checkChoicesFrom(node: QuestionNode, { add }: CheckContext): void {
  const from = node.choicesFrom!;
  if (node.input !== "choice") add(".choicesFrom", 'Choices from a list need the input "choice"');
  if (node.choices !== undefined && node.choices.length > 0) {
    add(
      ".choices",
      "Take the choices from a list or write them, not both: the written ones are ignored",
      "warning",
    );
  }
  if (from.more !== undefined && [...from.more].length > LIMITS.listTitle) {
    add(
      ".choicesFrom.more",
      `List row titles are limited to ${LIMITS.listTitle} characters by WhatsApp (this one has ${
        [...from.more].length
      })`,
    );
  }
  if (node.empty === undefined && node.next === undefined) {
    add(".empty", "An empty list ends the conversation without a reply: say where it goes", "warning");
  }
}

function checkChoices(node: QuestionNode, { add }: CheckContext): void {
  const choices = node.choices ?? [];
  if (choices.length < 1 || choices.length > LIMITS.listRows) {
    add(
      ".choices",
      `A choice question needs 1 to ${LIMITS.listRows} choices (this one has ${choices.length})`,
    );
  }
  const buttons = choices.length <= LIMITS.buttons;
  const max = buttons ? LIMITS.buttonTitle : LIMITS.listTitle;
  const ids = new Set<string>();
  for (const [i, choice] of choices.entries()) {
    const length = [...choice.title].length;
    if (length > max) {
      add(
        `.choices[${i}].title`,
        `${
          buttons ? "Button" : "List row"
        } titles are limited to ${max} characters by WhatsApp (this one has ${length})`,
      );
    }
    if (ids.has(choice.id)) add(`.choices[${i}].id`, `Another choice already has the id "${choice.id}"`);
    if (choice.id.length > LIMITS.choiceId) {
      add(
        `.choices[${i}].id`,
        `Choice ids are limited to ${LIMITS.choiceId} characters (this one has ${choice.id.length})`,
      );
    }
    ids.add(choice.id);
  }
}

/** The list a choice question takes its choices from, if any. */
function listed(node: QuestionNode) {
  return node.input === "choice" ? node.choicesFrom : undefined;
}
