import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { listAttributeDefs } from "../db/attributes.ts";
import { getContact, listContacts } from "../db/contacts.ts";
import { transcript } from "../db/transcript.ts";
import { listTurns } from "../db/turns.ts";
import { ContactList, ContactsPage, ConversationPage } from "../views/contacts.tsx";
import { fragment, isHtmx, page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";

/** Contacts: search by name, wa_id or user_id; each conversation with its turns' traces. */
export const contacts = new Hono<AppEnv>();

const PAGE = 50;

contacts.get("/", async (c) => {
  const search = (c.req.query("q") ?? "").trim().slice(0, 100);
  const offset = Math.max(0, Number(c.req.query("offset")) || 0);
  const found = await listContacts(c.var.deps.db, { search: search || undefined, limit: PAGE + 1, offset });
  const rows = found.slice(0, PAGE);
  const next = found.length > PAGE
    ? `/contacts?${new URLSearchParams({ q: search, offset: String(offset + PAGE) })}`
    : undefined;
  const props = { rows, search, next };
  // The search pushes its URL, so the browser must not serve the fragment when
  // that URL is opened again (back button), nor htmx when it restores history.
  c.header("Vary", "HX-Request");
  if (isHtmx(c) && c.req.header("HX-History-Restore-Request") !== "true") {
    c.header("Cache-Control", "no-store");
    return fragment(c, <ContactList {...props} />);
  }
  return page(c, { title: "Contacts", area: "contacts" }, <ContactsPage {...props} />);
});

contacts.get("/:id", async (c) => {
  const { db } = c.var.deps;
  const id = Number(c.req.param("id"));
  const contact = Number.isSafeInteger(id) ? await getContact(db, id) : undefined;
  if (!contact) throw new HTTPException(404, { message: "This contact does not exist" });
  const [lines, turns, defs] = await Promise.all([
    transcript(db, contact.key),
    listTurns(db, contact.id, 200),
    listAttributeDefs(db),
  ]);
  // Every declared attribute shows, set or not, so an admin sees what a flow has not filled yet.
  const stored = contact.attributes;
  const unset = defs.filter((d) => !(d.name in stored)).map((d) => d.name);
  return page(
    c,
    { title: contact.name || contact.key, area: "contacts" },
    <ConversationPage
      contact={contact}
      attributes={stored}
      unset={unset}
      lines={lines}
      turns={turns}
    />,
  );
});
