/**
 * Who sent an update (DESIGN §6 identity rules): the phone id (`wa_id`) and
 * the business-scoped user id, from the message's `from` / `from_user_id`
 * and the change's `contacts`. A `from` like `US.1234…` is a user id, never
 * a phone number; a phone id that is not digits or a user id not of
 * WhatsApp's form makes the update unreadable rather than a contact key.
 */
import { asObject, asString, isPhoneId, isUserId, type Json } from "./webhook_fields.ts";

export interface Sender {
  waId?: string;
  userId?: string;
  profileName?: string;
  /** `user_id` when known, else `wa_id`. */
  contactKey: string;
}

/**
 * The sender of a message (or call) from its own ids and `contacts`, or a
 * reason it cannot be read. `from` may hold either kind of id.
 */
export function readSender(
  ids: { from?: unknown; fromUserId?: unknown },
  contacts: unknown,
): Sender | string {
  const from = asString(ids.from);
  let waId: string | undefined;
  let userId = asString(ids.fromUserId);
  if (ids.from !== undefined && typeof ids.from !== "string") return "from is not a string";
  if (from !== undefined) {
    if (isPhoneId(from)) waId = from;
    else if (isUserId(from)) userId ??= from;
    else return `from ${quote(from)} is neither a phone number nor a WhatsApp user id`;
  }
  const contact = findContact(contacts, waId, userId);
  const contactWaId = asString(contact?.wa_id);
  const contactUserId = asString(contact?.user_id);
  if (contactWaId !== undefined && !isPhoneId(contactWaId)) {
    return `wa_id ${quote(contactWaId)} is not a phone number`;
  }
  waId ??= contactWaId;
  userId ??= contactUserId;
  if (userId !== undefined && !isUserId(userId)) {
    return `user_id ${quote(userId)} is not a WhatsApp user id`;
  }
  const contactKey = userId ?? waId;
  if (!contactKey) return "no sender: missing from, from_user_id and contacts";
  const sender: Sender = { contactKey };
  if (waId !== undefined) sender.waId = waId;
  if (userId !== undefined) sender.userId = userId;
  const profileName = asString(asObject(contact?.profile)?.name);
  if (profileName !== undefined) sender.profileName = profileName;
  return sender;
}

/**
 * The `contacts` entry of the sender: the one with its `wa_id` or
 * `user_id`; with no id on the message itself, the only entry there is.
 */
function findContact(
  contacts: unknown,
  waId: string | undefined,
  userId: string | undefined,
): Json | undefined {
  if (!Array.isArray(contacts)) return undefined;
  for (const item of contacts) {
    const c = asObject(item);
    if (!c) continue;
    if (waId !== undefined && c.wa_id === waId) return c;
    if (userId !== undefined && c.user_id === userId) return c;
  }
  if (waId === undefined && userId === undefined && contacts.length === 1) return asObject(contacts[0]);
  return undefined;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
