/**
 * Helpers for the WhatsApp end-to-end tests: publish the DESIGN §4 order
 * status bot against a fake shop, connect a channel, and post signed
 * webhooks the way Meta does.
 */
import { publishBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { createChannel } from "../db/channels.ts";
import { queryRows } from "../db/batch.ts";
import type { Db } from "../db/client.ts";
import { signBody } from "../engine/whatsapp/mod.ts";
import type { SecretBox } from "../security/secret_box.ts";

export const PHONE_NUMBER_ID = "106540352242922";
export const ACCESS_TOKEN = "EAAtest-access-token";
export const APP_SECRET = "app-secret-for-tests";
export const VERIFY_TOKEN = "verify-token-123";

/** Imports and publishes engine/testdata/order_status.json with its API pointed at `shopUrl`. */
export async function publishOrderBot(
  deps: { db: Db; secrets: SecretBox },
  shopUrl: string,
): Promise<number> {
  const text = await Deno.readTextFile(new URL("../engine/testdata/order_status.json", import.meta.url));
  const doc = JSON.parse(text.replace("https://shop.example.com", shopUrl));
  // The document's sample token ends in "…", which no HTTP header may carry.
  doc.apis[0].auth = { type: "bearer", token: "shop-token" };
  const imported = await importBotDocument(deps, doc);
  if (!imported.ok) throw new Error(`Cannot import the order bot: ${JSON.stringify(imported.errors)}`);
  const published = await publishBot(deps.db, imported.id);
  if ("errors" in published) {
    throw new Error(`Cannot publish the order bot: ${JSON.stringify(published.errors)}`);
  }
  return imported.id;
}

/** Publishes the order bot and connects a channel to it; answers the channel id. */
export async function setUpChannel(
  deps: { db: Db; secrets: SecretBox },
  shopUrl: string,
  phoneNumberId = PHONE_NUMBER_ID,
): Promise<{ botId: number; channelId: number }> {
  const botId = await publishOrderBot(deps, shopUrl);
  const { id } = await createChannel(deps, {
    botId,
    phoneNumberId,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    name: "Test number",
  });
  return { botId, channelId: id };
}

/**
 * A message for `textWebhook`: from a phone number (`from`), or from a user
 * with a username, whom Meta names only by `userId` since 2026.
 */
export type TextMessage =
  & { id: string; text: string; name?: string }
  & (
    | { from: string; userId?: undefined }
    | { from?: undefined; userId: string }
  );

/** A webhook body carrying text messages (one change per message, like Meta's batches). */
export function textWebhook(messages: TextMessage[], phoneNumberId = PHONE_NUMBER_ID): string {
  const ts = String(Math.floor(Date.now() / 1000));
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{
      id: "102290129340398",
      changes: messages.map((m) => ({
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
          contacts: [{
            profile: { name: m.name ?? "Test User" },
            ...(m.from ? { wa_id: m.from } : { user_id: m.userId }),
          }],
          messages: [{
            ...(m.from ? { from: m.from } : { from_user_id: m.userId }),
            id: m.id,
            timestamp: ts,
            type: "text",
            text: { body: m.text },
          }],
        },
      })),
    }],
  });
}

/** A webhook body carrying delivery statuses of our messages. */
export function statusWebhook(
  statuses: { id: string; status: string; code?: number }[],
  phoneNumberId = PHONE_NUMBER_ID,
): string {
  const ts = String(Math.floor(Date.now() / 1000));
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{
      id: "102290129340398",
      changes: [{
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
          statuses: statuses.map((s) => ({
            id: s.id,
            status: s.status,
            timestamp: ts,
            recipient_id: "16505551234",
            ...(s.code ? { errors: [{ code: s.code, title: `Error ${s.code}` }] } : {}),
          })),
        },
      }],
    }],
  });
}

/**
 * POSTs `body` to the channel's webhook, signed with `secret` (or unsigned
 * when null): over the network to a base URL, or through a test server's
 * `request` (app.request() when it does not listen).
 */
export async function postWebhook(
  target: string | { request(path: string, init?: RequestInit): Promise<Response> },
  channelId: number,
  body: string | Uint8Array,
  secret: string | null = APP_SECRET,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-hub-signature-256"] = await signBody(body, secret);
  const path = `/webhooks/whatsapp/${channelId}`;
  const init = { method: "POST", headers, body: body as BodyInit };
  return await (typeof target === "string" ? fetch(`${target}${path}`, init) : target.request(path, init));
}

/** Waits until `check()` holds, polling every 20 ms. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = "condition",
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until nothing more can be sent: no message waits for a turn and no
 * reply waits in the outbox (what a sleep-then-count would only hope for).
 */
export async function settled(db: Db, timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const [row] = await queryRows(
        db,
        `SELECT (SELECT count(*) FROM inbound WHERE status = 'pending') +
        (SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')) AS n`,
      );
      return Number(row.n) === 0;
    },
    timeoutMs,
    "no pending message and no unsent reply",
  );
}
