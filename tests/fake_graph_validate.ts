/**
 * The shape check the fake Graph API applies to send bodies: the subset of
 * Meta's rules Chatwire's replies must meet (text, reply buttons, lists).
 */

type Json = Record<string, unknown>;

/** A body that passed, with the address it goes to. */
export interface ValidSend {
  body: Json;
  address: string;
  /** True when addressed by `recipient` (a user id) rather than `to`. */
  isRecipient: boolean;
}

/** Answers the accepted body, or null when Meta would refuse it (error 100). */
export function validateSendBody(value: unknown): ValidSend | null {
  const body = object(value);
  if (!body || body.messaging_product !== "whatsapp") return null;
  const to = string(body.to);
  const recipient = string(body.recipient);
  if ((to === undefined) === (recipient === undefined)) return null;
  const ok = body.type === "text"
    ? validText(object(body.text))
    : body.type === "interactive"
    ? validInteractive(object(body.interactive))
    : false;
  if (!ok) return null;
  return to !== undefined
    ? { body, address: to, isRecipient: false }
    : { body, address: recipient!, isRecipient: true };
}

function validText(text: Json | undefined): boolean {
  const body = string(text?.body);
  return body !== undefined && body.length <= 4096;
}

function validInteractive(interactive: Json | undefined): boolean {
  if (!interactive) return false;
  const bodyText = string(object(interactive.body)?.text);
  if (bodyText === undefined) return false;
  const action = object(interactive.action);
  if (interactive.type === "button") {
    const buttons = action?.buttons;
    return Array.isArray(buttons) && buttons.length >= 1 &&
      buttons.length <= 3 &&
      buttons.every((b) => {
        const reply = object(object(b)?.reply);
        return object(b)?.type === "reply" && string(reply?.id) !== undefined &&
          (string(reply?.title)?.length ?? 99) <= 20;
      });
  }
  if (interactive.type === "list") {
    const sections = action?.sections;
    if (string(action?.button) === undefined || !Array.isArray(sections)) {
      return false;
    }
    const rows = sections.flatMap((s) => {
      const r = object(s)?.rows;
      return Array.isArray(r) ? r : [null];
    });
    return sections.length >= 1 && rows.length >= 1 && rows.length <= 10 &&
      rows.every((r) =>
        string(object(r)?.id) !== undefined &&
        (string(object(r)?.title)?.length ?? 99) <= 24
      );
  }
  return false;
}

function object(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
