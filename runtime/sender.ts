/**
 * Step 5 of the data path: sends queued replies (db/outbox.ts) through the
 * Graph API, the oldest unsent reply of each contact first, different
 * contacts concurrently.
 *
 * Delivery is at-least-once only across a crash: if the process dies after
 * Graph accepted a message but before `markSent` stored it, the row's lease
 * expires and the reply is sent again. The window is one HTTP answer plus
 * one local write, so the result is stored the moment it arrives. Within a
 * running process a reply is never sent twice: retries happen only after
 * Graph answered an error (or nothing at all).
 */
import { openChannel, setChannelHealth } from "../db/channels.ts";
import {
  claimOutbox,
  markFailed,
  markRetry,
  markSent,
  type OutboxItem,
  releaseOutbox,
  renewOutboxLeases,
  retryNow,
} from "../db/outbox.ts";
import {
  buildSendPayload,
  classifyGraphError,
  parseSendResponse,
  retryDelayMs,
} from "../engine/whatsapp/mod.ts";
import type { AppDeps } from "../deps.ts";
import { type GraphPost, postInProcess } from "./outbound.ts";
import { inc } from "./metrics.ts";
import { type Pump, startPump } from "./pump.ts";

export interface SenderOptions {
  owner: string;
  concurrency: number;
  leaseMs: number;
  idleMs: number;
  /** How a reply is POSTed (default: fetch on this thread; the server's workers use runtime/outbound.ts's thread). */
  post?: GraphPost;
}

/**
 * Attempts after which a retryable failure becomes final. The backoff
 * (engine/whatsapp/graph_errors.ts: 0.5 s doubling, capped at a minute,
 * jittered) makes 40 attempts about 16 minutes on average, at most 33: a
 * reply outlives a Graph outage of that long. With 10 it gave up after 92 s
 * on average, sooner for some: a one-minute outage during a 100,000-message
 * backlog failed 52 replies for good.
 */
export const MAX_SEND_ATTEMPTS = 40;
/** Consecutive retryable failures after which a channel shows as failing. */
const FAILING_AFTER = 5;

/**
 * How long stopping waits for sends in flight before aborting them: a reply
 * stuck on a slow Graph API must not hold a SIGTERM past systemd's
 * TimeoutStopSec. An aborted reply stays in the outbox for the next start.
 */
export const STOP_DRAIN_MS = 5_000;

/** Starts the sender. */
export function startSender(deps: AppDeps, options: SenderOptions): Pump {
  const failures = new Map<number, number>();
  const stopping = new AbortController();
  const pump = startPump<OutboxItem[]>({
    capacity: options.concurrency,
    idleMs: options.idleMs,
    renewMs: options.leaseMs / 3,
    claim: (limit) => claimOutbox(deps.db, options.owner, { limit, leaseMs: options.leaseMs }),
    renew: (runs) =>
      renewOutboxLeases(deps.db, options.owner, runs.flat().map((i) => i.id), Date.now() + options.leaseMs),
    run: (items) => sendInOrder(deps, options, items, failures, stopping.signal, () => pump.wake()),
    onError: (error) => deps.log.error("Sender failed", { error: String(error) }),
  });
  return {
    wake: pump.wake,
    async stop() {
      const timer = setTimeout(() => stopping.abort(), STOP_DRAIN_MS);
      await pump.stop();
      clearTimeout(timer);
    },
  };
}

/** Sends one contact's replies one after the other; a reply to retry holds back the ones after it. */
async function sendInOrder(
  deps: AppDeps,
  { owner, post = postInProcess }: SenderOptions,
  items: OutboxItem[],
  failures: Map<number, number>,
  stopping: AbortSignal,
  wake: () => void,
) {
  const stored: Promise<void>[] = [];
  try {
    for (let i = 0; i < items.length; i++) {
      if ((await sendOne(deps, owner, post, items[i], failures, stored, stopping, wake)) === "retry") {
        await releaseOutbox(deps.db, owner, items.slice(i + 1).map((item) => item.id));
        return;
      }
    }
  } finally {
    await Promise.all(stored);
  }
}

async function sendOne(
  deps: AppDeps,
  owner: string,
  post: GraphPost,
  item: OutboxItem,
  failures: Map<number, number>,
  stored: Promise<void>[],
  stopping: AbortSignal,
  wake: () => void,
): Promise<"sent" | "retry" | "failed"> {
  const found = await openChannel(deps, item.channelId);
  if (!found) {
    await markFailed(deps.db, item.id, owner, {
      code: null,
      error: `Cannot send reply: channel ${item.channelId} no longer exists`,
    });
    inc("chatwire_sends_total", { result: "failed" });
    return "failed";
  }
  const { channel, accessToken } = found;
  let payload: Record<string, unknown>;
  try {
    payload = buildSendPayload(item.message, item.recipient);
  } catch (error) {
    await markFailed(deps.db, item.id, owner, { code: null, error: (error as Error).message });
    inc("chatwire_sends_total", { result: "failed" });
    return "failed";
  }
  const { config } = deps;
  const answer = await post(
    `${config.whatsappGraphUrl}/${config.whatsappGraphVersion}/${channel.phoneNumberId}/messages`,
    accessToken,
    JSON.stringify(payload),
    stopping,
  );
  const status = answer.status;
  let body: unknown = answer.text;
  if (status !== 0) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      // Not JSON: the text is what Graph said.
    }
  }

  if (status >= 200 && status < 300) {
    // Graph has this reply, so the contact's next one need not wait for this write; the run awaits it.
    stored.push(markSent(deps.db, item.id, parseSendResponse(body)?.messageId ?? null));
    inc("chatwire_sends_total", { result: "sent" });
    if (failures.delete(channel.id)) {
      // Graph is back after failing: what waits out a backoff goes now (the pump's cap bounds the rush).
      if (await retryNow(deps.db, channel.id) > 0) wake();
    }
    if (channel.health !== "ok") await setChannelHealth(deps.db, channel.id, "ok");
    return "sent";
  }
  const error = classifyGraphError(status, body);
  const failure = { code: error.code ?? null, error: error.message };
  if (error.kind === "retry" && item.attempts < MAX_SEND_ATTEMPTS) {
    const nextAttemptAt = Date.now() + retryDelayMs(item.attempts);
    await markRetry(deps.db, item.id, owner, { ...failure, nextAttemptAt });
    inc("chatwire_sends_total", { result: "retry" });
    const count = (failures.get(channel.id) ?? 0) + 1;
    failures.set(channel.id, count);
    if (count >= FAILING_AFTER && channel.health === "ok") {
      await setChannelHealth(deps.db, channel.id, "failing", `Graph API keeps failing: ${error.message}`);
    }
    return "retry";
  }
  const final = error.kind === "retry"
    ? `Gave up after ${item.attempts} attempts: ${error.message}`
    : error.message;
  await markFailed(deps.db, item.id, owner, { ...failure, error: final });
  inc("chatwire_sends_total", { result: "failed" });
  deps.log.warn("Cannot send WhatsApp reply", { outboxId: item.id, code: failure.code, error: final });
  if (error.kind === "token_expired") {
    await setChannelHealth(deps.db, channel.id, "token_expired", error.message);
  }
  return "failed";
}
