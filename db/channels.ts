/**
 * WhatsApp channels (DESIGN §6): one phone number bound to one bot. The
 * access token and app secret are stored sealed; `openChannel` gives the
 * webhook and the workers a short-lived cache with the secrets opened.
 */
import { asc, eq } from "drizzle-orm";
import type { SecretBox } from "../security/secret_box.ts";
import { cacheOf, forget } from "./cache.ts";
import type { Db } from "./client.ts";
import { channels } from "./schema.ts";

/** A channel row as stored: secrets still sealed. */
export type Channel = typeof channels.$inferSelect;

/** What an admin gives to connect a number. */
export interface ChannelInput {
  botId: number;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  name?: string;
}

/** A channel with its secrets opened, for the webhook and the sender. */
export interface OpenChannel {
  channel: Channel;
  accessToken: string;
  appSecret: string;
}

/** Creates a channel, sealing its secrets. */
export async function createChannel(
  deps: { db: Db; secrets: SecretBox },
  input: ChannelInput,
): Promise<{ id: number }> {
  const [row] = await deps.db.insert(channels).values({
    botId: input.botId,
    name: input.name ?? "",
    phoneNumberId: input.phoneNumberId,
    accessTokenEnc: await deps.secrets.seal(input.accessToken),
    appSecretEnc: await deps.secrets.seal(input.appSecret),
    verifyToken: input.verifyToken,
  }).returning({ id: channels.id });
  return { id: row.id };
}

/** Every channel, oldest first (secrets sealed). */
export async function listChannels(db: Db): Promise<Channel[]> {
  return await db.select().from(channels).orderBy(asc(channels.id));
}

/** One channel (secrets sealed), or undefined. */
export async function getChannel(db: Db, id: number): Promise<Channel | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return await db.query.channels.findFirst({ where: eq(channels.id, id) });
}

/**
 * Changes the fields given; an empty or absent secret keeps the stored one.
 * A new access token clears a `token_expired` or `failing` health, since the
 * admin has just fixed what it reported. Answers false for an unknown id.
 */
export async function updateChannel(
  deps: { db: Db; secrets: SecretBox },
  id: number,
  input: Partial<ChannelInput>,
): Promise<boolean> {
  const set: Partial<typeof channels.$inferInsert> = {};
  if (input.botId !== undefined) set.botId = input.botId;
  if (input.name !== undefined) set.name = input.name;
  if (input.phoneNumberId !== undefined) set.phoneNumberId = input.phoneNumberId;
  if (input.verifyToken) set.verifyToken = input.verifyToken;
  if (input.appSecret) set.appSecretEnc = await deps.secrets.seal(input.appSecret);
  if (input.accessToken) {
    set.accessTokenEnc = await deps.secrets.seal(input.accessToken);
    set.health = "ok";
    set.healthDetail = null;
  }
  forgetChannel(deps.db, id);
  if (Object.keys(set).length === 0) return (await getChannel(deps.db, id)) !== undefined;
  const rows = await deps.db.update(channels).set(set).where(eq(channels.id, id)).returning({
    id: channels.id,
  });
  return rows.length > 0;
}

/** Deletes a channel; its stored messages stay for the transcripts. */
export async function deleteChannel(db: Db, id: number): Promise<boolean> {
  forgetChannel(db, id);
  const rows = await db.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id });
  return rows.length > 0;
}

/** Records the channel's health as the sender sees it (`ok`, `token_expired`, `failing`). */
export async function setChannelHealth(
  db: Db,
  id: number,
  health: "ok" | "token_expired" | "failing",
  detail: string | null = null,
): Promise<void> {
  await db.update(channels).set({ health, healthDetail: detail }).where(eq(channels.id, id));
  const cached = openChannels(db).get(id);
  if (cached) cached.channel = { ...cached.channel, health, healthDetail: detail };
}

/** The db/cache.ts cache of opened channels; `forgetChannel` drops one after it changed. */
const OPEN_CHANNELS = "channels.open";
const CACHE_MS = 5000;

function openChannels(db: Db) {
  return cacheOf<number, OpenChannel | null>(db, OPEN_CHANNELS, CACHE_MS, 1000);
}

/**
 * The channel with its secrets opened, cached for a few seconds per database
 * so a busy webhook does not read and decrypt the row for every POST.
 */
export async function openChannel(
  deps: { db: Db; secrets: SecretBox },
  id: number,
): Promise<OpenChannel | undefined> {
  const cache = openChannels(deps.db);
  const hit = cache.get(id);
  // null: known not to exist (for a few seconds).
  if (hit !== undefined) return hit ?? undefined;
  const channel = await getChannel(deps.db, id);
  const value = channel && {
    channel,
    accessToken: await deps.secrets.open(channel.accessTokenEnc),
    appSecret: await deps.secrets.open(channel.appSecretEnc),
  };
  cache.set(id, value ?? null);
  return value;
}

/** Drops a channel from this process's cache after it changed. */
export function forgetChannel(db: Db, id: number): void {
  forget(db, OPEN_CHANNELS, id);
}
