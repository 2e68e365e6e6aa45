/**
 * What the node handlers share: the mutable state of one `step()` call and
 * the value helpers (numbers, coercion to an attribute's type).
 */
import type {
  AttributeType,
  AttributeValue,
  Conversation,
  Effect,
  OutMessage,
  TraceEntry,
} from "../types.ts";
import type { RunnableFlow } from "../step.ts";
import { NUMBER_TEXT } from "../attribute_schema.ts";

/** The read-only system attributes (DESIGN §4). */
export const SYSTEM_ATTRIBUTES = [
  "sys.phone",
  "sys.name",
  "sys.input",
  "sys.status",
  "sys.flow_response",
  "sys.choice",
] as const;

/**
 * The state of one `step()` call. `conversation` is a private copy, so the
 * handlers may change it in place; the caller's object is never touched.
 */
export interface Run {
  flow: RunnableFlow;
  conversation: Conversation;
  effects: Effect[];
  trace: TraceEntry[];
}

/** What a node asks the walker to do next: go on to a node (null: end), or stop and wait. */
export type Outcome = { next: string | null } | { wait: "answer" | "api" };

/** Queues a reply. */
export function send(run: Run, message: OutMessage): void {
  run.effects.push({ type: "send", message });
}

/** True for numbers and for texts that read as one decimal number. */
export function isNumeric(value: AttributeValue | undefined): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && NUMBER_TEXT.test(value.trim());
}

/**
 * A value stored as the attribute's type where it reads as one: a number
 * attribute takes numeric texts as numbers, a boolean attribute takes
 * "true"/"false". Anything else is kept as text rather than lost.
 */
export function coerceValue(
  value: AttributeValue,
  type: AttributeType | undefined,
): AttributeValue {
  if (type === "number") {
    return isNumeric(value) ? Number(value) : String(value);
  }
  if (type === "boolean") {
    if (typeof value === "boolean") return value;
    const text = String(value).trim().toLowerCase();
    if (text === "true") return true;
    if (text === "false") return false;
    return String(value);
  }
  return String(value);
}

/** The declared type of an attribute, if it is declared. */
export function attributeType(
  run: Run,
  name: string,
): AttributeType | undefined {
  return run.flow.attributes.find((a) => a.name === name)?.type;
}

/** True for `sys.*` names, which flows may read but never write. */
export function isSystemAttribute(name: string): boolean {
  return name.startsWith("sys.");
}
