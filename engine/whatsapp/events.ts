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
  /**
   * False for updates that are recorded but are no turn of the user's
   * (reactions, edits, deletions, system messages, calls, group messages,
   * unsupported messages): the turn worker neither runs the flow nor
   * answers them (DESIGN §6). Absent on events stored before: true.
   */
  runsFlow?: boolean;
  /** Labelled fields the transcript shows (caption, media id, items, form fields …). */
  fields?: EventField[];
  /** The `wamid…` this update is about: the message reacted to, edited or deleted. */
  about?: string;
  /** The group the message was sent in (`group_id`). */
  groupId?: string;
  /** A number change (`system.type` `user_changed_number`): the contact's new `wa_id`. */
  newWaId?: string;
}

/** One labelled value of a recorded update, e.g. `{ label: "caption", value: "Taj Mahal" }`. */
export interface EventField {
  label: string;
  value: string;
}

/**
 * An update of a webhook body that cannot be read (no sender, a bad
 * timestamp, a wrong type): kept in the channel's webhook error log, while
 * the rest of the body is handled.
 */
export interface UnreadableUpdate {
  /** Where in the body, e.g. `entry[0].changes[1].value.messages[0]`. */
  where: string;
  /** Why, e.g. `from "bla" is not a phone number`. */
  reason: string;
  /** The update's JSON, cut to a few KB. */
  update: string;
  /** The business number it was for, when the body said. */
  phoneNumberId?: string;
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
