/**
 * Replies into the Cloud API's send-message JSON, and its answer back.
 */

import type { OutMessage } from "../types.ts";
import type { ReplyTarget } from "./events.ts";
import { asObject, asString } from "./webhook_fields.ts";

/**
 * The body of `POST /{version}/{phoneNumberId}/messages` for one reply.
 * It goes `to` the phone number when known, else to `recipient` (the
 * business-scoped user id of a username-only user). Throws when the target
 * has neither: that is a bug, not a failure of the outside world.
 */
export function buildSendPayload(
  message: OutMessage,
  target: ReplyTarget,
): Record<string, unknown> {
  const address = target.to ? { to: target.to } : target.recipient ? { recipient: target.recipient } : null;
  if (!address) {
    throw new Error("Cannot build WhatsApp message: no to or recipient");
  }
  const head = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    ...address,
  };
  switch (message.type) {
    case "text":
      return {
        ...head,
        type: "text",
        // Flows send links on purpose; a preview card would reorder nothing
        // but costs a fetch on Meta's side and surprises bot authors.
        text: { body: message.text, preview_url: false },
      };
    case "buttons":
      return {
        ...head,
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: message.text },
          action: {
            buttons: message.buttons.map((b) => ({
              type: "reply",
              reply: { id: b.id, title: b.title },
            })),
          },
        },
      };
    case "list":
      return {
        ...head,
        type: "interactive",
        interactive: {
          type: "list",
          body: { text: message.text },
          action: {
            button: message.button,
            sections: [{
              rows: message.rows.map((r) =>
                r.description === undefined
                  ? { id: r.id, title: r.title }
                  : { id: r.id, title: r.title, description: r.description }
              ),
            }],
          },
        },
      };
  }
}

/** What a successful send answers: the new `wamid…` and who it went to. */
export interface SendResponse {
  messageId: string;
  userId?: string;
  waId?: string;
}

/** Reads a 200 answer of the send endpoint; null when it has no message id. */
export function parseSendResponse(json: unknown): SendResponse | null {
  const body = asObject(json);
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const messageId = asString(asObject(messages[0])?.id);
  if (!messageId) return null;
  const contacts = Array.isArray(body?.contacts) ? body.contacts : [];
  const contact = asObject(contacts[0]);
  const result: SendResponse = { messageId };
  const userId = asString(contact?.user_id);
  const waId = asString(contact?.wa_id);
  if (userId !== undefined) result.userId = userId;
  if (waId !== undefined) result.waId = waId;
  return result;
}
