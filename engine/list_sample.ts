/**
 * What the flow editor shows for a question with choices from a list: the
 * list a saved API sample would store, the `{{item.…}}` fields of its first
 * element and the first page WhatsApp would get (DESIGN §5).
 */
import type { ApiDef, AttributeDef, OutMessage } from "./types.ts";
import { applyMappings } from "./mapping.ts";
import {
  type ChoicesFrom,
  flatten,
  LIST_BUTTON_LABEL,
  listElements,
  listMessage,
  listPage,
} from "./nodes/question_list.ts";
import { renderText } from "./template.ts";

/** The list attribute's value the API's mappings would store from a saved sample, if any. */
export function listFromSample(
  api: ApiDef,
  sample: { status: number; body: string },
  list: string,
  attributes: AttributeDef[],
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(sample.body);
  } catch {
    return undefined;
  }
  const mappings = api.mappings.filter((m) => m.attribute === list);
  const value = applyMappings(mappings, { status: sample.status, json }, attributes).values[list];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The `item.…` fields of the list's first element and the first page of the question. */
export function previewList(
  text: string,
  from: ChoicesFrom,
  listText: string,
): { fields: string[]; preview: OutMessage | null } {
  const attributes = { [from.list]: listText };
  const elements = listElements(attributes, from.list);
  if (elements === null || elements.length === 0) return { fields: [], preview: null };
  const flat: Record<string, string | number | boolean> = {};
  flatten("item", elements[0], flat);
  const fields = Object.keys(flat).filter((k) => k !== "item" || typeof elements[0] !== "object");
  const page = listPage(from, elements, attributes, 0);
  return { fields, preview: listMessage(renderText(text, {}), from, page, LIST_BUTTON_LABEL) };
}
