/**
 * The internal events a WhatsApp webhook body turns into. Nothing past
 * `routes/` reads WhatsApp's JSON: workers and pages read these.
 */

import type { InboundMessage } from "../types.ts";

/** An error as WhatsApp reports it on a status, a message or a change. */
export interface WhatsAppError {
  code: number;
  title: string;
  message?: string;
  /** `error_data.details`. */
  details?: string;
}

/**
 * Where a reply to a contact goes: `to` (the phone number, `wa_id`) when
 * known, else `recipient` (the business-scoped user id) for users with a
 * username whose number WhatsApp no longer shares.
 */
export interface ReplyTarget {
  to?: string;
  recipient?: string;
}

/** A message a WhatsApp user sent to the business. */
export interface InboundEvent {
  type: "inbound";
  /** The business number the message reached (`metadata.phone_number_id`). */
  phoneNumberId: string;
  /** The `wamid…` id: the key of exactly-once processing. */
  messageId: string;
  /** Identifies the contact: `user_id` when present, else `wa_id`/`from`. */
  contactKey: string;
  waId?: string;
  userId?: string;
  profileName?: string;
  /** Epoch ms of the message (WhatsApp's `timestamp`). */
  at: number;
  /** What the interpreter reads. */
  message: InboundMessage;
  /** One line for transcripts: the text, or e.g. `[image] Taj Mahal`. */
  summary: string;
  replyTo: ReplyTarget;
  /** The id of the message this one quotes or answers, when any. */
  contextId?: string;
  /** Message-level errors (e.g. 131051 on `unsupported` messages). */
  errors?: WhatsAppError[];
}

export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";

/** A delivery status of a message the business sent. */
export interface StatusEvent {
  type: "status";
  phoneNumberId: string;
  /** The outbound `wamid…` the status is about. */
  messageId: string;
  status: DeliveryStatus;
  /** Epoch ms. */
  at: number;
  /** `recipient_id`, else `recipient_user_id`. */
  recipientId?: string;
  errors?: WhatsAppError[];
}

/** A change-level error (`value.errors`), not tied to one message. */
export interface ErrorEvent extends WhatsAppError {
  type: "error";
  phoneNumberId: string;
}

export type WebhookEvent = InboundEvent | StatusEvent | ErrorEvent;
