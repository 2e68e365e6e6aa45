/**
 * The WhatsApp webhook (DESIGN §6), step 1 of the data path: Meta calls
 * `/webhooks/whatsapp/{channelId}`. The signature is checked over the raw
 * bytes, the body becomes internal events here (nothing past routes/ reads
 * WhatsApp's JSON), and the events are stored in one transaction before the
 * 200. The turn worker (runtime/turn_worker.ts) takes it from there.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { openChannel } from "../db/channels.ts";
import { resolveContactKeys } from "../db/contact_identity.ts";
import { storeWebhookEvents, type WebhookBatch } from "../db/inbound.ts";
import { logUnreadable } from "../db/webhook_unreadable.ts";
import { parseWebhook, verifySignature } from "../engine/whatsapp/mod.ts";
import { inc } from "../runtime/metrics.ts";
import { constantTimeEqual } from "../security/tokens.ts";
import type { AppDeps, AppEnv } from "../deps.ts";

/** GET: Meta's verification handshake. POST: signed updates. */
export const whatsappWebhook = new Hono<AppEnv>();

const decoder = new TextDecoder("utf-8", { fatal: true });

whatsappWebhook.get("/:channelId", async (c) => {
  const found = await openChannel(c.var.deps, Number(c.req.param("channelId")));
  if (!found) throw new HTTPException(404, { message: "No such channel" });
  const mode = c.req.query("hub.mode");
  const token = c.req.query("hub.verify_token");
  const challenge = c.req.query("hub.challenge") ?? "";
  if (mode !== "subscribe" || token === undefined || !constantTimeEqual(token, found.channel.verifyToken)) {
    return c.text("Forbidden", 403);
  }
  return c.text(challenge, 200);
});

whatsappWebhook.post("/:channelId", async (c) => {
  const deps = c.var.deps;
  const found = await openChannel(deps, Number(c.req.param("channelId")));
  if (!found) return refuse("unknown_channel", 404, "No such channel");

  // The raw bytes as received: Meta's `\/` and `\uXXXX` escapes are signed too.
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!(await verifySignature(raw, c.req.header("x-hub-signature-256") ?? null, found.appSecret))) {
    return refuse("bad_signature", 401, "Invalid or missing X-Hub-Signature-256");
  }
  const channelId = found.channel.id;
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(raw));
  } catch (error) {
    return await refuse400(deps, channelId, `Cannot read the webhook body: ${(error as Error).message}`);
  }
  const parsed = parseWebhook(json);
  if (!parsed.ok) return await refuse400(deps, channelId, `Cannot read the webhook body: ${parsed.error}`);

  const batch: WebhookBatch = { inbound: [], statuses: [], errors: [] };
  let foreign = 0;
  for (const event of parsed.events) {
    // A number of another channel would be answered from the wrong number: skip it.
    if (event.phoneNumberId !== found.channel.phoneNumberId) {
      foreign++;
      continue;
    }
    if (event.type === "inbound") batch.inbound.push(event);
    else if (event.type === "status") batch.statuses.push(event);
    else batch.errors.push(event);
  }
  if (foreign > 0) {
    batch.errors.push({
      type: "error",
      phoneNumberId: found.channel.phoneNumberId,
      code: 0,
      title: `Skipped ${foreign} update(s) for another phone number id than ${found.channel.phoneNumberId}`,
    });
  }
  try {
    await resolveContactKeys(deps.db, batch.inbound);
    const { stored } = await storeWebhookEvents(deps.db, channelId, batch);
    if (stored > 0) deps.notify?.("inbound");
    // One unreadable update never costs the others: it is logged, the rest is answered, Meta gets its 200.
    if (parsed.unreadable.length > 0) {
      inc("chatwire_webhook_unreadable_updates_total", {}, parsed.unreadable.length);
      deps.log.warn("Unreadable WhatsApp updates", {
        channelId,
        updates: parsed.unreadable.map((u) => `${u.where}: ${u.reason}`),
      });
      await logUnreadable(
        deps.db,
        channelId,
        parsed.unreadable.map((u) => ({ place: u.where, reason: u.reason, excerpt: u.update })),
      );
    }
  } catch (error) {
    // Not acknowledged: Meta delivers it again later.
    inc("chatwire_webhooks_received_total", { result: "error" });
    throw error;
  }
  inc("chatwire_webhooks_received_total", { result: "ok" });
  return c.text("OK", 200);
});

/** A signed body that cannot be read at all: 400, with the reason in the log and on the channel page. */
async function refuse400(deps: AppDeps, channelId: number, reason: string): Promise<never> {
  deps.log.warn("WhatsApp webhook refused", { channelId, status: 400, reason });
  await logUnreadable(deps.db, channelId, [{ place: "body", reason, excerpt: "" }]).catch((error) =>
    deps.log.error("Cannot log a refused webhook", { channelId, error: String(error) })
  );
  return refuse("malformed", 400, reason);
}

function refuse(result: string, status: 400 | 401 | 404, message: string): never {
  inc("chatwire_webhooks_received_total", { result });
  throw new HTTPException(status, { message });
}
