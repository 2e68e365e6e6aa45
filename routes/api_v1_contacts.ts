import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Db } from "../db/client.ts";
import { type Contact, findContact } from "../db/contacts.ts";
import { transcript } from "../db/transcript.ts";
import type { AppEnv } from "../deps.ts";

/**
 * JSON API for contacts (DESIGN §7): a contact by `wa_id` or `user_id`, with
 * its attributes, and its transcript oldest first.
 */
export const apiV1Contacts = new Hono<AppEnv>();

apiV1Contacts.get("/:waId", async (c) => {
  const contact = await found(c.var.deps.db, c.req.param("waId"));
  return c.json({
    // A username-only user has no wa_id: its user_id is the address that answers.
    waId: contact.waId ?? contact.userId ?? contact.key,
    userId: contact.userId,
    name: contact.name,
    attributes: contact.attributes,
  });
});

apiV1Contacts.get("/:waId/messages", async (c) => {
  const { db } = c.var.deps;
  const contact = await found(db, c.req.param("waId"));
  const lines = await transcript(db, contact.key);
  return c.json(lines.map((l) => ({
    direction: l.direction,
    type: l.type,
    text: l.text,
    at: new Date(l.at).toISOString(),
    status: l.status,
    ...(l.error ? { error: l.error } : {}),
  })));
});

async function found(db: Db, waId: string): Promise<Contact> {
  const contact = await findContact(db, waId);
  if (!contact) throw new HTTPException(404, { message: `No contact with wa_id or user_id ${waId}` });
  return contact;
}
