/**
 * Choices from a list (DESIGN §5 "Choices from an API's answer"): a choice
 * question whose choices are the elements of a JSON array held in an
 * attribute, titled by templates over `{{item.…}}`, paged past 10.
 */
import * as v from "valibot";
import type { AttributeValue, AttributeValues, InboundMessage, OutMessage } from "../types.ts";
import { renderText } from "../template.ts";
import { placeholderPattern } from "../placeholders.ts";
import { nonEmpty } from "../schema_parts.ts";
import { LIMITS } from "./checks.ts";

export const ChoicesFromSchema = v.object({
  /** The attribute holding the JSON array. */
  list: nonEmpty("The list attribute"),
  title: nonEmpty("The choice title"),
  description: v.optional(v.string()),
  value: nonEmpty("The choice value"),
  /** The title of the row that shows the next page. */
  more: v.optional(v.string()),
});

export type ChoicesFrom = v.InferOutput<typeof ChoicesFromSchema>;

/** The label of the button that opens a WhatsApp list. */
export const LIST_BUTTON_LABEL = "Choose";

/** The default title of the row that shows the next page. */
export const MORE_TITLE = "More…";

/** Elements per page once a list has more than 10 (the 10th row is "More…"). */
export const PAGE_SIZE = 9;

/** The element read from the list, or null when the attribute holds no JSON array. */
export function listElements(attributes: AttributeValues, list: string): unknown[] | null {
  const raw = attributes[list];
  if (typeof raw !== "string") return null;
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** One row of a page: its reply id, its titles (full and as sent) and its element. */
export interface ListRow {
  id: string;
  title: string;
  sent: string;
  description?: string;
  index: number;
  element: unknown;
}

/** The rows of one page, and the page after it when there is one. */
export interface ListPage {
  rows: ListRow[];
  morePage?: number;
  buttons: boolean;
}

/** Page `page` of the list: 1–3 elements as buttons, 4–10 as a list, past 10 nine rows and "More…". */
export function listPage(
  from: ChoicesFrom,
  elements: unknown[],
  attributes: AttributeValues,
  page: number,
): ListPage {
  const buttons = elements.length <= LIMITS.buttons;
  const first = elements.length > LIMITS.listRows
    ? Math.min(Math.max(page, 0), lastPage(elements.length))
    : 0;
  const start = first * PAGE_SIZE;
  const fits = elements.length - start <= LIMITS.listRows;
  const count = fits ? elements.length - start : PAGE_SIZE;
  const max = buttons ? LIMITS.buttonTitle : LIMITS.listTitle;
  const rows = elements.slice(start, start + count).map((element, i): ListRow => {
    const values = itemValues(attributes, element);
    const title = renderText(from.title, values).trim() || String(start + i + 1);
    const description = from.description === undefined ? "" : renderText(from.description, values).trim();
    return {
      id: `item:${start + i}`,
      title,
      sent: cut(title, max),
      ...(!buttons && description !== "" ? { description: cut(description, LIMITS.listDescription) } : {}),
      index: start + i,
      element,
    };
  });
  return { rows, buttons, ...(fits ? {} : { morePage: first + 1 }) };
}

/** The WhatsApp message of a page. */
export function listMessage(text: string, from: ChoicesFrom, page: ListPage, button: string): OutMessage {
  if (page.buttons) {
    return { type: "buttons", text, buttons: page.rows.map((r) => ({ id: r.id, title: r.sent })) };
  }
  const rows = page.rows.map((r) => ({
    id: r.id,
    title: r.sent,
    ...(r.description !== undefined ? { description: r.description } : {}),
  }));
  if (page.morePage !== undefined) {
    rows.push({ id: `more:${page.morePage}`, title: cut(from.more || MORE_TITLE, LIMITS.listTitle) });
  }
  return { type: "list", text, button, rows };
}

/** What a reply picks on a page: a row, the next page, or nothing. */
export function pickFromPage(
  from: ChoicesFrom,
  page: ListPage,
  elements: unknown[],
  attributes: AttributeValues,
  message: InboundMessage,
): { row: ListRow } | { page: number } | null {
  const text = message.text.trim().toLowerCase();
  const more = (from.more || MORE_TITLE).toLowerCase();
  if (page.morePage !== undefined) {
    if (
      message.replyId === `more:${page.morePage}` || text === more || text === cut(more, LIMITS.listTitle) ||
      text === String(page.rows.length + 1)
    ) return { page: page.morePage };
  }
  const byId = /^item:(\d+)$/.exec(message.replyId ?? "");
  if (byId && Number(byId[1]) < elements.length) {
    const index = Number(byId[1]);
    return { row: page.rows.find((r) => r.index === index) ?? rowOf(from, elements, attributes, index) };
  }
  const byTitle = page.rows.find((r) => r.title.toLowerCase() === text || r.sent.toLowerCase() === text);
  if (byTitle) return { row: byTitle };
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= page.rows.length) {
    return { row: page.rows[Number(text) - 1] };
  }
  return null;
}

/** The attributes with `item` (and `item.a.b` for an object's fields) set to an element. */
export function itemValues(attributes: AttributeValues, element: unknown): AttributeValues {
  const values = { ...attributes };
  flatten("item", element, values);
  return values;
}

/**
 * Sets `prefix` to the value (objects and arrays as JSON text) and, for an
 * object, `prefix.key` for each field, depth first: how `{{item.total}}` and
 * `{{sys.choice.total}}` read a field, since placeholders name flat values.
 */
export function flatten(prefix: string, value: unknown, out: AttributeValues, depth = 0): void {
  out[prefix] = leaf(value);
  if (depth >= 4 || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, field] of Object.entries(value).slice(0, 100)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) flatten(`${prefix}.${key}`, field, out, depth + 1);
  }
}

/** A template with its `{{item…}}` placeholders taken out: what is left names attributes. */
export function withoutItem(template: string): string {
  return template.replace(
    placeholderPattern(),
    (all, name: string) => name === "item" || name.startsWith("item.") ? "" : all,
  );
}

/** The text cut to `max` characters, "…" included, when longer. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

function leaf(value: unknown): AttributeValue {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

function lastPage(length: number): number {
  return Math.max(0, Math.ceil((length - LIMITS.listRows) / PAGE_SIZE));
}

function rowOf(from: ChoicesFrom, elements: unknown[], attributes: AttributeValues, index: number): ListRow {
  const title = renderText(from.title, itemValues(attributes, elements[index])).trim() || String(index + 1);
  return { id: `item:${index}`, title, sent: title, index, element: elements[index] };
}
