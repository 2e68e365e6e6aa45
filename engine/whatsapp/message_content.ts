/**
 * What one inbound message says, by type (the update table of DESIGN §6):
 * the text the flow reads as `sys.input`, whether it is a user turn at all,
 * a one-line summary and the labelled fields the transcript shows.
 */
import type { EventField } from "./events.ts";
import { asObject, asString, type Json } from "./webhook_fields.ts";

export interface Content {
  /** `sys.input`. */
  text: string;
  replyId?: string;
  runsFlow: boolean;
  summary: string;
  fields: EventField[];
  /** The message this update is about (reaction, edit, deletion). */
  about?: string;
  /** The parsed `response_json` of a WhatsApp Flow reply, as JSON text. */
  flowResponse?: string;
  /** A number change: the new `wa_id`. */
  newWaId?: string;
}

const MEDIA = ["image", "video", "document", "audio", "sticker"];

/** Reads `msg[kind]`; unknown kinds are recorded, not run. */
export function readContent(kind: string, msg: Json): Content {
  const body = asObject(msg[kind]) ?? {};
  if (MEDIA.includes(kind)) return media(kind, body);
  switch (kind) {
    case "text": {
      const text = str(body.body);
      return turn(text, text);
    }
    case "button": {
      const text = str(body.text);
      const payload = asString(body.payload);
      return { ...turn(text, text), ...(payload === undefined ? {} : { replyId: payload }) };
    }
    case "interactive":
      return interactive(body);
    case "location":
      return { ...turn("", summary("location", place(body))), fields: locationFields(body) };
    case "contacts":
      return contacts(msg.contacts);
    case "order":
      return order(body);
    case "reaction": {
      const emoji = asString(body.emoji);
      return {
        ...record(emoji ? `[reaction] ${emoji}` : "[reaction removed]"),
        about: asString(body.message_id),
        fields: emoji ? [{ label: "emoji", value: emoji }] : [],
      };
    }
    case "edit":
      return edit(body);
    case "revoke":
      return { ...record("[deleted]"), about: asString(body.original_message_id) };
    case "system":
      return system(body, msg);
    case "unsupported":
      return record(summary("unsupported", asString(body.type)));
    default:
      return record(`[${kind}]`);
  }
}

/** A message that runs the flow. */
function turn(text: string, line: string): Content {
  return { text, runsFlow: true, summary: line, fields: [] };
}

/** An update that is recorded only. */
function record(line: string): Content {
  return { text: "", runsFlow: false, summary: line, fields: [] };
}

function media(kind: string, body: Json): Content {
  const caption = str(body.caption);
  const fields = labelled([
    ["caption", caption],
    ["file name", asString(body.filename)],
    ["media id", asString(body.id)],
    ["type", asString(body.mime_type)],
    ["voice note", body.voice === true ? "yes" : undefined],
    ["animated", body.animated === true ? "yes" : undefined],
  ]);
  return { ...turn(caption, summary(kind, caption || asString(body.filename))), fields };
}

function interactive(body: Json): Content {
  const type = asString(body.type);
  const reply = asObject(body.button_reply) ?? asObject(body.list_reply);
  if (reply) {
    const id = asString(reply.id);
    const title = str(reply.title);
    const content = turn(title, title);
    const description = asString(reply.description);
    if (description) content.fields.push({ label: "description", value: description });
    return id === undefined ? content : { ...content, replyId: id };
  }
  const nfm = asObject(body.nfm_reply);
  if (nfm) return flowReply(nfm);
  if (type === "call_permission_reply") {
    const answer = asObject(body.call_permission_reply) ?? {};
    return {
      ...record(summary("call permission", asString(answer.response))),
      fields: labelled([["answer", asString(answer.response)], ["source", asString(answer.response_source)]]),
    };
  }
  return record(summary("interactive", type));
}

/** A WhatsApp Flow's reply: `body` for sys.input, the form data parsed. */
function flowReply(nfm: Json): Content {
  const text = str(nfm.body);
  const raw = nfm.response_json;
  let response: unknown;
  try {
    response = typeof raw === "string" ? JSON.parse(raw) : raw;
  } catch {
    response = undefined;
  }
  const form = asObject(response);
  const fields = form
    ? Object.entries(form).filter(([k]) => k !== "flow_token").map(([label, v]) => ({
      label,
      value: show(v),
    }))
    : typeof raw === "string"
    ? [{ label: "response_json", value: raw }]
    : [];
  const content = turn(text, summary("flow reply", text || asString(nfm.name)));
  content.fields = fields;
  if (form) content.flowResponse = JSON.stringify(form);
  return content;
}

function contacts(value: unknown): Content {
  const list = Array.isArray(value) ? value.map((c) => asObject(c) ?? {}) : [];
  const fields = list.map((c) => {
    const name = asString(asObject(c.name)?.formatted_name) ?? "(no name)";
    const phones = (Array.isArray(c.phones) ? c.phones : [])
      .map((p) => asString(asObject(p)?.phone) ?? asString(asObject(p)?.wa_id)).filter(Boolean);
    return { label: "contact", value: phones.length ? `${name}: ${phones.join(", ")}` : name };
  });
  const names = list.map((c) => asString(asObject(c.name)?.formatted_name)).filter(Boolean).join(", ");
  return { ...turn("", summary("contacts", names)), fields };
}

function order(body: Json): Content {
  const items = (Array.isArray(body.product_items) ? body.product_items : []).map((i) => asObject(i) ?? {});
  const fields = items.map((i) => ({
    label: "item",
    value: `${show(i.product_retailer_id)} × ${show(i.quantity)} at ${show(i.item_price)} ${
      show(i.currency)
    }`,
  }));
  const catalog = asString(body.catalog_id);
  if (catalog) fields.unshift({ label: "catalog", value: catalog });
  const note = asString(body.text);
  if (note) fields.push({ label: "note", value: note });
  const count = items.length === 1 ? "1 item" : `${items.length} items`;
  return { ...turn("", `[order] ${count}`), fields };
}

function edit(body: Json): Content {
  const message = asObject(body.message) ?? {};
  const kind = asString(message.type) ?? "";
  const inner = asObject(message[kind]) ?? {};
  const text = asString(inner.body) ?? asString(inner.caption);
  return {
    ...record(text === undefined ? "[edited]" : `[edited] ${text}`),
    about: asString(body.original_message_id),
    fields: labelled([["new text", text], ["type", kind || undefined]]),
  };
}

function system(body: Json, msg: Json): Content {
  const type = asString(body.type);
  const newWaId = type === "user_changed_number"
    ? asString(body.wa_id) ?? asString(body.new_wa_id)
    : undefined;
  const identity = asObject(msg.identity);
  const content = record(summary("system", asString(body.body) ?? type));
  content.fields = labelled([
    ["kind", type],
    ["new number", newWaId],
    ["identity acknowledged", identity ? String(identity.acknowledged === true) : undefined],
  ]);
  return newWaId === undefined ? content : { ...content, newWaId };
}

function locationFields(body: Json): EventField[] {
  return labelled([
    ["latitude", typeof body.latitude === "number" ? String(body.latitude) : undefined],
    ["longitude", typeof body.longitude === "number" ? String(body.longitude) : undefined],
    ["name", asString(body.name)],
    ["address", asString(body.address)],
    ["url", asString(body.url)],
  ]);
}

function place(body: Json): string | undefined {
  return [asString(body.name), asString(body.address)].filter(Boolean).join(", ") ||
    (typeof body.latitude === "number" ? `${body.latitude},${body.longitude}` : undefined);
}

function summary(kind: string, detail: string | undefined): string {
  return detail ? `[${kind}] ${detail}` : `[${kind}]`;
}

function labelled(pairs: [string, string | undefined][]): EventField[] {
  return pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== "")
    .map(([label, value]) => ({ label, value }));
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "?";
  return typeof value === "string" ? value : JSON.stringify(value);
}
