/**
 * Asking and answering a question whose choices come from a list
 * (`choicesFrom`, DESIGN §5): which page is shown, what a reply picks, and
 * what the pick stores (`attribute`, `sys.input`, `sys.choice`).
 */
import type { InboundMessage, QuestionNode } from "../types.ts";
import { renderText } from "../template.ts";
import {
  type ChoicesFrom,
  flatten,
  itemValues,
  listElements,
  listMessage,
  listPage,
  pickFromPage,
} from "./question_list.ts";
import { attributeType, coerceValue, isSystemAttribute, type Outcome, type Run, send } from "./shared.ts";

/** Sends page `page` of the list and waits; an empty list (or no JSON array) goes to `empty`, else `next`. */
export function askFromList(
  node: QuestionNode,
  from: ChoicesFrom,
  run: Run,
  page: number,
  button: string,
): Outcome {
  const c = run.conversation;
  const elements = listElements(c.attributes, from.list);
  if (elements === null || elements.length === 0) {
    const next = node.empty ?? node.next ?? null;
    run.trace.push({ type: "route", nodeId: node.id, route: "empty", next });
    delete c.page;
    return { next };
  }
  const shown = listPage(from, elements, c.attributes, page);
  const first = shown.rows[0]?.index ?? 0;
  c.page = Math.floor(first / 9);
  send(run, listMessage(renderText(node.text, c.attributes), from, shown, button));
  return { wait: "answer" };
}

/**
 * The answer to a listed question: the "More…" row shows the next page; a
 * row stores its rendered `value` in `attribute` and the element in
 * `sys.choice`; anything else is `invalid` (null).
 */
export function answerFromList(
  node: QuestionNode,
  from: ChoicesFrom,
  message: InboundMessage,
  run: Run,
  button: string,
): Outcome | null {
  const c = run.conversation;
  const elements = listElements(c.attributes, from.list);
  if (elements === null || elements.length === 0) return askFromList(node, from, run, 0, button);
  const shown = listPage(from, elements, c.attributes, c.page ?? 0);
  const picked = pickFromPage(from, shown, elements, c.attributes, message);
  if (picked === null) return null;
  if ("page" in picked) {
    run.trace.push({ type: "route", nodeId: node.id, route: "more", next: node.id });
    return askFromList(node, from, run, picked.page, button);
  }
  const { row } = picked;
  delete c.page;
  c.attributes["sys.input"] = row.title;
  for (const name of Object.keys(c.attributes)) {
    if (name === "sys.choice" || name.startsWith("sys.choice.")) delete c.attributes[name];
  }
  flatten("sys.choice", row.element, c.attributes);
  if (node.attribute && !isSystemAttribute(node.attribute)) {
    const raw = renderText(from.value, itemValues(c.attributes, row.element));
    const value = coerceValue(raw, attributeType(run, node.attribute));
    c.attributes[node.attribute] = value;
    run.trace.push({ type: "set", attribute: node.attribute, value });
  }
  return { next: node.next ?? null };
}
