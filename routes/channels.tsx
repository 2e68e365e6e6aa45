import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { listBots } from "../db/bots.ts";
import { createChannel, deleteChannel, getChannel, listChannels, updateChannel } from "../db/channels.ts";
import { outboxCountsByChannel } from "../db/outbox_stats.ts";
import { randomToken } from "../security/tokens.ts";
import {
  type ChannelFormValues,
  ChannelPage,
  ChannelsPage,
  type ChannelSummary,
} from "../views/channels.tsx";
import { page } from "../views/render.tsx";
import { listUnreadable } from "../db/webhook_unreadable.ts";
import { channelFields, webhookUrl } from "./api_v1_channels.ts";
import type { AppEnv } from "../deps.ts";
import { requireOwner } from "./session.ts";
import { fieldErrors } from "../views/field_errors.ts";

/** Channels: connect WhatsApp numbers to bots, see their webhook URL and health. */
export const channels = new Hono<AppEnv>();

const botIdField = v.pipe(v.string(), v.regex(/^\d+$/, "Pick a bot"), v.transform(Number));
const createSchema = v.object({ ...channelFields, botId: botIdField });
/** On edit an empty secret keeps the stored one. */
const keepable = v.pipe(v.string(), v.trim(), v.maxLength(2000));
const editSchema = v.object({
  ...channelFields,
  botId: botIdField,
  accessToken: keepable,
  appSecret: keepable,
});

channels.get("/", async (c) => {
  const blank = { name: "", botId: "", phoneNumberId: "", accessToken: "", appSecret: "" };
  return await listPage(c, { ...blank, verifyToken: randomToken(18) }, {}, 200);
});

channels.post("/", async (c) => {
  requireOwner(c, "Only owners can manage channels");
  const { db, secrets } = c.var.deps;
  const values = await formValues(c);
  const parsed = v.safeParse(createSchema, values);
  const errors = parsed.success ? await botError(c, parsed.output.botId) : fieldErrors(parsed.issues);
  if (!parsed.success || Object.keys(errors).length > 0) return await listPage(c, values, errors, 422);
  const { id } = await createChannel({ db, secrets }, parsed.output);
  return c.redirect(`/channels/${id}`, 303);
});

channels.get("/:id", async (c) => {
  const summary = await findSummary(c);
  const values = { ...formOf(summary), accessToken: "", appSecret: "" };
  return await detailPage(c, summary, values, {}, 200);
});

channels.post("/:id", async (c) => {
  requireOwner(c, "Only owners can manage channels");
  const { db, secrets } = c.var.deps;
  const summary = await findSummary(c);
  const values = await formValues(c);
  const parsed = v.safeParse(editSchema, values);
  const errors = parsed.success ? await botError(c, parsed.output.botId) : fieldErrors(parsed.issues);
  if (!parsed.success || Object.keys(errors).length > 0) {
    return await detailPage(c, summary, values, errors, 422);
  }
  await updateChannel({ db, secrets }, summary.id, parsed.output);
  return c.redirect(`/channels/${summary.id}?saved=1`, 303);
});

channels.post("/:id/delete", async (c) => {
  requireOwner(c, "Only owners can manage channels");
  const summary = await findSummary(c);
  await deleteChannel(c.var.deps.db, summary.id);
  return c.redirect("/channels", 303);
});

type Ctx = Context<AppEnv>;

async function formValues(c: Ctx): Promise<ChannelFormValues> {
  const form = await c.req.parseBody();
  const field = (name: string) => String(form[name] ?? "");
  return {
    name: field("name"),
    botId: field("botId"),
    phoneNumberId: field("phoneNumberId"),
    accessToken: field("accessToken"),
    appSecret: field("appSecret"),
    verifyToken: field("verifyToken"),
  };
}

async function botError(c: Ctx, botId: number): Promise<Record<string, string>> {
  const bots = await listBots(c.var.deps.db);
  return bots.some((b) => b.id === botId) ? {} : { botId: "Pick a bot: this one no longer exists" };
}

async function summaries(c: Ctx): Promise<ChannelSummary[]> {
  const { config, db } = c.var.deps;
  const [rows, bots, counts] = await Promise.all([listChannels(db), listBots(db), outboxCountsByChannel(db)]);
  const botName = new Map(bots.map((b) => [b.id, b.name]));
  const published = new Set(bots.filter((b) => b.publishedVersion !== null).map((b) => b.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    botId: row.botId,
    botName: botName.get(row.botId) ?? `Bot ${row.botId}`,
    answering: published.has(row.botId),
    phoneNumberId: row.phoneNumberId,
    verifyToken: row.verifyToken,
    webhookUrl: webhookUrl(config.publicUrl, row.id),
    health: row.health,
    healthDetail: row.healthDetail,
    lastWebhookAt: row.lastWebhookAt,
    ...(counts.get(row.id) ?? { failed: 0, queued: 0 }),
  }));
}

async function findSummary(c: Ctx): Promise<ChannelSummary> {
  const id = Number(c.req.param("id"));
  const row = Number.isSafeInteger(id) ? await getChannel(c.var.deps.db, id) : undefined;
  const summary = row && (await summaries(c)).find((s) => s.id === row.id);
  if (!summary) throw new HTTPException(404, { message: "This channel does not exist" });
  return summary;
}

function formOf(s: ChannelSummary): ChannelFormValues {
  return {
    name: s.name,
    botId: String(s.botId),
    phoneNumberId: s.phoneNumberId,
    accessToken: "",
    appSecret: "",
    verifyToken: s.verifyToken,
  };
}

async function listPage(c: Ctx, values: ChannelFormValues, errors: Record<string, string>, status: number) {
  const [list, bots] = await Promise.all([summaries(c), listBots(c.var.deps.db)]);
  return page(
    c,
    { title: "Channels", area: "channels", status },
    <ChannelsPage csrf={c.var.csrf} channels={list} bots={bots} values={values} errors={errors} />,
  );
}

async function detailPage(
  c: Ctx,
  channel: ChannelSummary,
  values: ChannelFormValues,
  errors: Record<string, string>,
  status: number,
) {
  const [bots, unreadable] = await Promise.all([
    listBots(c.var.deps.db),
    listUnreadable(c.var.deps.db, channel.id),
  ]);
  return page(
    c,
    { title: channel.name || `Channel ${channel.id}`, area: "channels", status },
    <ChannelPage
      csrf={c.var.csrf}
      channel={channel}
      bots={bots}
      values={values}
      errors={errors}
      saved={c.req.query("saved") === "1"}
      unreadable={unreadable}
    />,
  );
}
