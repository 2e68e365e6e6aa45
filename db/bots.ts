/**
 * Bots: the draft flow admins edit, the immutable published versions, and
 * the flow a conversation runs (`loadRunnableFlow`).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { type DocumentError, parseBotDocument } from "../engine/bot_document.ts";
import type { FlowContext } from "../engine/flow_check.ts";
import type { RunnableFlow } from "../engine/step.ts";
import type { Flow } from "../engine/types.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { loadApiDefs } from "./apis.ts";
import { listAttributeDefs } from "./attributes.ts";
import { writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { apis, bots, botVersions, channels, users } from "./schema.ts";
import { compileStatement, insertWhere, param, returning, updateWhere } from "./sql_names.ts";

/** A bot with its draft flow parsed. */
export interface Bot {
  id: number;
  name: string;
  draftFlow: Flow;
  sessionTimeoutMs: number;
  publishedVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One published version, for the history page. */
export interface BotVersion {
  version: number;
  createdAt: number;
  publishedBy: string | null;
}

/** The flow of a new bot made in the pages: nothing yet, the editor adds the first node. */
export const EMPTY_FLOW: Flow = { start: "", nodes: [] };

/** Every bot, by name. */
export async function listBots(db: Db): Promise<Bot[]> {
  const rows = await db.select().from(bots).orderBy(asc(bots.name), asc(bots.id));
  return rows.map(toBot);
}

export async function getBot(db: Db, id: number): Promise<Bot | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const row = await db.query.bots.findFirst({ where: eq(bots.id, id) });
  return row && toBot(row);
}

/** Creates a bot whose draft is `flow`; nothing is published yet. */
export async function createBot(
  db: Db,
  input: { name: string; flow: Flow; sessionTimeoutMs?: number },
): Promise<Bot> {
  const [row] = await db.insert(bots).values({
    name: input.name,
    draftFlow: JSON.stringify(input.flow),
    sessionTimeoutMs: input.sessionTimeoutMs,
  }).returning();
  return toBot(row);
}

export async function renameBot(db: Db, id: number, name: string): Promise<boolean> {
  const rows = await db.update(bots).set({ name, updatedAt: Date.now() }).where(eq(bots.id, id))
    .returning({ id: bots.id });
  return rows.length > 0;
}

/** Replaces the draft (any flow may be saved; publishing is what validates). */
export async function saveDraft(db: Db, id: number, flow: Flow): Promise<boolean> {
  const rows = await db.update(bots).set({ draftFlow: JSON.stringify(flow), updatedAt: Date.now() })
    .where(eq(bots.id, id)).returning({ id: bots.id });
  return rows.length > 0;
}

/**
 * Deletes a bot with its versions and conversations. A bot a channel still
 * uses is kept: the channel would have nothing to answer with.
 */
export async function deleteBot(db: Db, id: number): Promise<"deleted" | "not_found" | "in_use"> {
  const used = await db.select({ id: channels.id }).from(channels).where(eq(channels.botId, id)).limit(1);
  if (used.length > 0) return "in_use";
  const rows = await db.delete(bots).where(eq(bots.id, id)).returning({ id: bots.id });
  return rows.length > 0 ? "deleted" : "not_found";
}

/** The published versions, newest first. */
export async function listVersions(db: Db, botId: number): Promise<BotVersion[]> {
  return await db.select({
    version: botVersions.version,
    createdAt: botVersions.createdAt,
    publishedBy: users.email,
  }).from(botVersions).leftJoin(users, eq(users.id, botVersions.publishedBy))
    .where(eq(botVersions.botId, botId)).orderBy(desc(botVersions.version));
}

/** The flow of one published version. */
export async function getVersionFlow(db: Db, botId: number, version: number): Promise<Flow | undefined> {
  const row = await db.query.botVersions.findFirst({
    where: and(eq(botVersions.botId, botId), eq(botVersions.version, version)),
  });
  return row && JSON.parse(row.flow) as Flow;
}

/** Copies a published version into the draft; false when there is no such version. */
export async function restoreVersion(db: Db, botId: number, version: number): Promise<boolean> {
  const flow = await getVersionFlow(db, botId, version);
  return flow ? await saveDraft(db, botId, flow) : false;
}

/** The names a flow may use: every API and attribute of the workspace. */
export async function flowContext(db: Db): Promise<FlowContext> {
  const [apiRows, attributes] = await Promise.all([
    db.select({ name: apis.name }).from(apis),
    listAttributeDefs(db),
  ]);
  return { apis: apiRows.map((r) => r.name), attributes: attributes.map((a) => a.name) };
}

/** The problems that refuse publishing a flow: schema, targets, APIs, attributes, WhatsApp limits. */
export function publishErrors(flow: Flow, name: string, context: FlowContext): DocumentError[] {
  const parsed = parseBotDocument({ format: "chatwire.bot/v1", name, flow }, context);
  return parsed.ok ? [] : parsed.errors;
}

/**
 * Validates the draft and stores it as the next immutable version, which new
 * conversations use from now on; running ones stay on theirs.
 */
export async function publishBot(
  db: Db,
  botId: number,
  userId?: number,
): Promise<{ version: number } | { errors: DocumentError[] }> {
  const bot = await getBot(db, botId);
  if (!bot) return { errors: [{ path: "", message: `Cannot publish bot ${botId}: it does not exist` }] };
  const errors = publishErrors(bot.draftFlow, bot.name, await flowContext(db));
  if (errors.length > 0) return { errors };
  // One batch (not an interactive transaction): the version number and the
  // pointer to it are taken atomically, even when two admins publish at once.
  const now = Date.now();
  const values = { bot: botId, flow: JSON.stringify(bot.draftFlow), by: userId ?? null, at: now };
  const results = await writeBatch(db, [ADD_VERSION(values), POINT_TO_LATEST(values)]);
  return { version: Number(results[0].rows[0][botVersions.version.name]) };
}

const latest = sql`(select max(${botVersions.version}) from ${botVersions} where ${botVersions.botId} = ${
  param("bot")
})`;
const ADD_VERSION = compileStatement(
  sql`${
    insertWhere(botVersions, {
      botId: param("bot"),
      version: sql`coalesce(${latest}, 0) + 1`,
      flow: param("flow"),
      publishedBy: param("by"),
      createdAt: param("at"),
    }, sql`1`)
  }${returning(botVersions.version)}`,
);
const POINT_TO_LATEST = compileStatement(
  updateWhere(bots, { publishedVersion: latest }, eq(bots.id, param("bot"))),
);

/**
 * The flow a conversation runs: a published version, the current published
 * one, or the draft (version 0), with the workspace's APIs (secrets opened)
 * and attributes. Undefined when the bot or version does not exist.
 */
export async function loadRunnableFlow(
  deps: { db: Db; secrets: SecretBox },
  botId: number,
  version: number | "published" | "draft",
): Promise<RunnableFlow | undefined> {
  const bot = await getBot(deps.db, botId);
  if (!bot) return undefined;
  const number = version === "published" ? bot.publishedVersion : version === "draft" ? 0 : version;
  if (number === null) return undefined;
  const flow = number === 0 ? bot.draftFlow : await getVersionFlow(deps.db, botId, number);
  if (!flow) return undefined;
  const [apiDefs, attributes, ids] = await Promise.all([
    loadApiDefs(deps.db, deps.secrets),
    listAttributeDefs(deps.db),
    deps.db.select({ id: apis.id, name: apis.name }).from(apis),
  ]);
  const apiIds = Object.fromEntries(ids.map((r) => [r.name, r.id]));
  return { flow, apis: apiDefs, attributes, version: number, sessionTimeoutMs: bot.sessionTimeoutMs, apiIds };
}

function toBot(row: typeof bots.$inferSelect): Bot {
  return { ...row, draftFlow: JSON.parse(row.draftFlow) as Flow };
}
