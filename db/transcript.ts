/**
 * A contact's conversation as the pages and the JSON API show it: inbound
 * messages (from the stored events) and replies (from the outbox), oldest
 * first. Every recorded update is a line, with the fields a person needs
 * (caption, items, form data, error …); a reaction, an edit or a deletion
 * also marks the message it is about.
 */
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import type { OutMessage } from "../engine/types.ts";
import { queryRows } from "./batch.ts";
import type { Db } from "./client.ts";

/** One line of a transcript. */
export interface TranscriptEntry {
  direction: "in" | "out";
  /** Inbound: the WhatsApp kind (`text`, `image` …); outbound: `text`, `buttons` or `list`. */
  type: string;
  /** The text, or a summary such as `[image] Taj Mahal`. */
  text: string;
  /** Epoch ms: when the message was received, or when the reply was queued. */
  at: number;
  /** Inbound: `pending`, `done`, `failed`; outbound: `queued` … `read`, `failed`. */
  status: string;
  error?: string;
  /** The inbound message this line is, or answers. */
  inboundId?: number;
  /** Inbound: labelled details, e.g. `{ label: "caption", value: "Taj Mahal" }`. */
  fields?: { label: string; value: string }[];
  /** A reaction, edit or deletion: the message it is about, with its text when it is in this transcript. */
  about?: { id: string; text?: string };
  /** Marks left on this message by later updates. */
  reaction?: string;
  edited?: string;
  deleted?: boolean;
  /** The group an inbound message was sent in. */
  groupId?: string;
}

/** The latest `limit` (default 1000) messages with `contactKey`, oldest first. */
export async function transcript(
  db: Db,
  contactKey: string,
  options: { limit?: number } = {},
): Promise<TranscriptEntry[]> {
  const limit = options.limit ?? 1000;
  const [ins, outs] = await Promise.all([
    queryRows(
      db,
      "SELECT id, message_id, event, status, error, received_at FROM inbound WHERE contact_key = ? ORDER BY id DESC LIMIT ?",
      [contactKey, limit],
    ),
    queryRows(
      db,
      `SELECT id, inbound_id, message, status, error, error_code, created_at, wa_message_id FROM outbox
        WHERE contact_key = ?
        ORDER BY id DESC LIMIT ?`,
      [contactKey, limit],
    ),
  ]);
  type Sortable = TranscriptEntry & { order: number; id: number };
  const entries: Sortable[] = [];
  const byWamid = new Map<string, Sortable>();
  const updates: [Sortable, InboundEvent][] = [];
  for (const r of ins) {
    const event = JSON.parse(String(r.event)) as InboundEvent;
    const entry: Sortable = {
      direction: "in",
      type: event.message.kind,
      text: event.summary,
      at: Number(r.received_at),
      status: String(r.status),
      inboundId: Number(r.id),
      order: 0,
      id: Number(r.id),
    };
    if (r.error !== null) entry.error = String(r.error);
    if (event.fields?.length) entry.fields = event.fields;
    if (event.groupId) entry.groupId = event.groupId;
    if (event.about) updates.push([entry, event]);
    byWamid.set(String(r.message_id), entry);
    entries.push(entry);
  }
  for (const r of outs) {
    const message = JSON.parse(String(r.message)) as OutMessage;
    const entry: Sortable = {
      direction: "out",
      type: message.type,
      text: message.text,
      at: Number(r.created_at),
      status: String(r.status),
      order: 1,
      id: Number(r.id),
    };
    if (r.inbound_id !== null) entry.inboundId = Number(r.inbound_id);
    if (r.error !== null) {
      entry.error = r.error_code === null ? String(r.error) : `${r.error_code}: ${r.error}`;
    }
    if (r.wa_message_id !== null) byWamid.set(String(r.wa_message_id), entry);
    entries.push(entry);
  }
  // A reply is queued after the message it answers; at equal times the message comes first.
  entries.sort((a, b) => a.at - b.at || a.order - b.order || a.id - b.id);
  updates.sort(([a], [b]) => a.id - b.id);
  for (const [entry, event] of updates) markTarget(entry, event, byWamid.get(event.about!));
  return entries.slice(-limit).map(({ order: _o, id: _i, ...entry }) => entry);
}

/** Links a reaction, edit or deletion to its message, and marks that message (in arrival order). */
function markTarget(entry: TranscriptEntry, event: InboundEvent, target: TranscriptEntry | undefined): void {
  entry.about = target ? { id: event.about!, text: target.text } : { id: event.about! };
  if (!target) return;
  if (event.message.kind === "reaction") {
    const emoji = event.fields?.find((f) => f.label === "emoji")?.value;
    if (emoji) target.reaction = emoji;
    else delete target.reaction;
  } else if (event.message.kind === "edit") {
    target.edited = event.fields?.find((f) => f.label === "new text")?.value ?? "";
  } else if (event.message.kind === "revoke") {
    target.deleted = true;
  }
}
