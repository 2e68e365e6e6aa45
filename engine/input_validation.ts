/**
 * Validating a WhatsApp user's answer to a question by its input type
 * (DESIGN §5 `question`).
 */
import type { AttributeValue, Choice, InboundMessage, QuestionInput } from "./types.ts";

/** A valid answer: the value to store, the text for `sys.input` and the choice picked. */
export type Answer =
  | { ok: true; value: AttributeValue; input: string; choice?: Choice }
  | { ok: false };

/** Kinds of inbound message that carry an answer; media and locations do not. */
export const ANSWER_KINDS = new Set(["text", "interactive", "button"]);

/** The reply sent before asking again when an answer is invalid and the node has no `invalid` text. */
export const DEFAULT_INVALID_TEXT: Record<QuestionInput, string> = {
  text: "Please type your answer.",
  number: "Please enter a number.",
  email: "Please enter a valid email address.",
  phone: "Please enter a valid phone number.",
  choice: "Please pick one of the options.",
};

/**
 * Validates an answer. Numbers accept "42", "-3.5", a decimal comma ("1,5")
 * and thousands commas ("1,000"); phones accept digits with an optional
 * leading "+", spaces and dashes, 6–15 digits, stored without separators.
 */
export function validateInput(
  input: QuestionInput,
  message: InboundMessage,
  choices: Choice[] = [],
): Answer {
  if (!ANSWER_KINDS.has(message.kind)) return { ok: false };
  const text = message.text.trim();
  switch (input) {
    case "text":
      return text === "" ? { ok: false } : { ok: true, value: text, input: text };
    case "number": {
      const value = parseNumber(text);
      return value === null ? { ok: false } : { ok: true, value, input: text };
    }
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? { ok: true, value: text, input: text } : { ok: false };
    case "phone": {
      const value = parsePhone(text);
      return value === null ? { ok: false } : { ok: true, value, input: text };
    }
    case "choice": {
      const choice = pickChoice(choices, message.replyId, text);
      return choice
        ? {
          ok: true,
          value: choice.value ?? choice.title,
          input: choice.title,
          choice,
        }
        : { ok: false };
    }
  }
}

/** A typed number, or null when the text is not one. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  let normal: string | null = null;
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) normal = t;
  else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) {
    normal = t.replaceAll(",", "");
  } else if (/^[+-]?\d+,\d+$/.test(t)) normal = t.replace(",", ".");
  if (normal === null) return null;
  const value = Number(normal);
  return Number.isFinite(value) ? value : null;
}

function parsePhone(text: string): string | null {
  if (!/^\+?[\d\s-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  if (digits.length < 6 || digits.length > 15) return null;
  return (text.startsWith("+") ? "+" : "") + digits;
}

/** A choice by reply id, by its title typed (any case), or by its 1-based number. */
function pickChoice(
  choices: Choice[],
  replyId: string | undefined,
  text: string,
): Choice | undefined {
  if (replyId !== undefined) {
    const byId = choices.find((c) => c.id === replyId);
    if (byId) return byId;
  }
  const lower = text.toLowerCase();
  const byTitle = choices.find((c) => c.title.trim().toLowerCase() === lower);
  if (byTitle) return byTitle;
  if (/^\d+$/.test(text)) return choices[Number(text) - 1];
  return undefined;
}
