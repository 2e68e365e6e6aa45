import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { getBot } from "../db/bots.ts";
import { createChannel, getChannel, listChannels } from "../db/channels.ts";
import type { AppEnv } from "../deps.ts";
import { requireOwner } from "./session.ts";

const secret = (what: string) =>
  v.pipe(v.string(`Enter the ${what}`), v.trim(), v.nonEmpty(`Enter the ${what}`), v.maxLength(2000));

/** The fields of a WhatsApp channel, shared by the JSON API and the channels page. */
export const channelFields = {
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(80, "Keep the name under 80 characters")), ""),
  phoneNumberId: v.pipe(
    v.string("Enter the phone number ID"),
    v.trim(),
    v.regex(/^\d{1,32}$/, "The phone number ID is the number's ID from API Setup: digits only"),
  ),
  accessToken: secret("access token"),
  appSecret: secret("app secret"),
  verifyToken: v.pipe(
    v.string("Enter a verify token"),
    v.trim(),
    v.regex(/^[\x21-\x7e]{8,200}$/, "Use 8 to 200 visible characters without spaces for the verify token"),
  ),
};

/** The body of `POST /api/v1/channels` (also in /api/v1/openapi.json). */
export const ChannelCreateSchema = v.object({
  type: v.optional(v.literal("whatsapp", 'The only channel type is "whatsapp"'), "whatsapp"),
  botId: v.pipe(v.number("Give the bot's id as a number"), v.integer("Give the bot's id as a whole number")),
  ...channelFields,
});

/** The URL Meta must call for a channel: paste it into the app's webhook settings. */
export function webhookUrl(publicUrl: string, channelId: number): string {
  return `${publicUrl.replace(/\/+$/, "")}/webhooks/whatsapp/${channelId}`;
}

/** JSON API for channels: connect a WhatsApp number to a bot; list channels (never their secrets). */
export const apiV1Channels = new Hono<AppEnv>();

apiV1Channels.post("/", async (c) => {
  requireOwner(c, "Only owners can manage channels");
  const { config, db, secrets } = c.var.deps;
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: "Cannot read the request: the body is not valid JSON" });
  }
  const parsed = v.safeParse(ChannelCreateSchema, body);
  if (!parsed.success) {
    const errors = parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? "", message: i.message }));
    return c.json({ errors }, 422);
  }
  const input = parsed.output;
  if (!(await getBot(db, input.botId))) {
    // The id is a field of a valid-looking document that points nowhere: 422 names the field.
    return c.json({ errors: [{ path: "botId", message: `No bot with id ${input.botId}` }] }, 422);
  }
  const { id } = await createChannel({ db, secrets }, {
    botId: input.botId,
    name: input.name,
    phoneNumberId: input.phoneNumberId,
    accessToken: input.accessToken,
    appSecret: input.appSecret,
    verifyToken: input.verifyToken,
  });
  return c.json({ id, webhookUrl: webhookUrl(config.publicUrl, id) }, 201);
});

apiV1Channels.get("/", async (c) => {
  const rows = await listChannels(c.var.deps.db);
  return c.json(rows.map((row) => publicChannel(row, c.var.deps.config.publicUrl)));
});

apiV1Channels.get("/:id", async (c) => {
  const row = await getChannel(c.var.deps.db, Number(c.req.param("id")));
  if (!row) throw new HTTPException(404, { message: `No channel with id ${c.req.param("id")}` });
  return c.json(publicChannel(row, c.var.deps.config.publicUrl));
});

interface ChannelRow {
  id: number;
  type?: string;
  name: string;
  botId: number;
  phoneNumberId: string;
  health: string;
  healthDetail: string | null;
  lastWebhookAt: number | null;
}

/** A channel without its secrets (picked field by field so a new secret column can never leak). */
function publicChannel(row: ChannelRow, publicUrl: string) {
  return {
    id: row.id,
    type: row.type ?? "whatsapp",
    name: row.name,
    botId: row.botId,
    phoneNumberId: row.phoneNumberId,
    webhookUrl: webhookUrl(publicUrl, row.id),
    health: row.health,
    healthDetail: row.healthDetail,
    lastWebhookAt: row.lastWebhookAt === null ? null : new Date(row.lastWebhookAt).toISOString(),
  };
}
