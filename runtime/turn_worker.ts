/**
 * Step 3 of the data path: takes stored inbound messages (db/inbound.ts),
 * runs each through the bot's flow (engine/turn.ts `playTurn`) and
 * commits the new state with the replies to send (db/turns.ts `saveTurn`). One message
 * of a contact at a time, in arrival order; different contacts concurrently.
 *
 * API calls happen outside any transaction: if the process dies mid-turn,
 * the lease expires, the turn runs again and an API may be called twice,
 * but the replies are queued once (the outbox is unique per inbound + seq).
 */
import { openChannel } from "../db/channels.ts";
import { loadRunnableFlow } from "../db/bots.ts";
import { type ContactState, loadContactStates } from "../db/conversations.ts";
import {
  type ClaimedInbound,
  claimInbound,
  failInbound,
  releaseInbound,
  renewInboundLeases,
} from "../db/inbound.ts";
import { markRateLimited, overRate } from "../db/rate_limit.ts";
import { saveTurn } from "../db/turns.ts";
import type { RunnableFlow } from "../engine/step.ts";
import { playTurn, turnVersion } from "../engine/turn.ts";
import type { AppDeps } from "../deps.ts";
import { flowCaller } from "./api_call.ts";
import { inc, observe } from "./metrics.ts";
import { type Lane, type Pump, startPump } from "./pump.ts";

export interface TurnWorkerOptions {
  owner: string;
  /** Turns working at once (a turn waiting on an API does not count). */
  concurrency: number;
  /** Turns claimed at once, those waiting on an API included (default 32 × concurrency). */
  maxInFlight?: number;
  leaseMs: number;
  idleMs: number;
  /** Called when a turn queued replies. */
  onReplies(): void;
}

/** A message claimed together with its contact's stored state (loaded for the whole claim at once). */
type Work = ClaimedInbound & { state?: ContactState };

/** Claims after which a message is given up (a message that crashes the process every time). */
const MAX_ATTEMPTS = 5;

/** Starts the turn worker. */
export function startTurnWorker(deps: AppDeps, options: TurnWorkerOptions): Pump {
  const flows = flowCache(deps);
  return startPump<Work>({
    capacity: options.concurrency,
    maxInFlight: options.maxInFlight ?? options.concurrency * 32,
    idleMs: options.idleMs,
    renewMs: options.leaseMs / 3,
    async claim(limit) {
      const claimed = await claimInbound(deps.db, options.owner, { limit, leaseMs: options.leaseMs });
      if (claimed.length === 0) return [];
      const states = await loadContactStates(deps.db, claimed.map((c) => c.contactKey));
      return claimed.map((c) => ({ ...c, state: states.get(c.contactKey) }));
    },
    renew: (items) =>
      renewInboundLeases(deps.db, options.owner, items.map((i) => i.id), Date.now() + options.leaseMs),
    run: (work, lane) => runOne(deps, options, flows, work, lane),
    onError: (error) => deps.log.error("Turn worker failed", { error: String(error) }),
  });
}

async function runOne(
  deps: AppDeps,
  options: TurnWorkerOptions,
  flows: FlowCache,
  work: Work,
  lane: Lane,
): Promise<void> {
  const started = performance.now();
  const fail = async (error: string) => {
    deps.log.warn("Cannot process WhatsApp message", { inboundId: work.id, error });
    await failInbound(deps.db, work.id, options.owner, error);
    inc("chatwire_turns_total", { result: "failed" });
  };
  try {
    if (work.attempts > MAX_ATTEMPTS) {
      return await fail(
        `Cannot process message: gave up after ${MAX_ATTEMPTS} attempts (${work.event.messageId})`,
      );
    }
    if (await overRate(deps.db, work.id, work.contactKey)) {
      deps.log.warn("Rate limited a WhatsApp message", { inboundId: work.id });
      inc("chatwire_turns_total", { result: "rate_limited" });
      await markRateLimited(deps.db, work.id, options.owner);
      return;
    }
    const found = await openChannel(deps, work.channelId);
    if (!found) return await fail(`Cannot process message: channel ${work.channelId} no longer exists`);
    const botId = found.channel.botId;
    const published = await flows(botId, "published");
    if (!published) return await fail(`Cannot answer: bot ${botId} has no published version`);
    if (!work.state) return await fail(`Cannot process message: contact ${work.contactKey} no longer exists`);

    const { contact } = work.state;
    const event = work.event;
    const stored = work.state.conversations.get(botId);
    const version = turnVersion(stored, published.version, event.at, published.sessionTimeoutMs);
    // A running conversation keeps the version it started on (DESIGN §5).
    const flow = version === published.version ? published : await flows(botId, version) ?? published;
    const call = flowCaller(deps, flow, { source: "live", botId, contactId: contact.id });
    const result = await playTurn(flow, { stored, contactAttributes: contact.attributes }, event.message, {
      // Waiting on the API (and its cap) holds no turn slot: other bots' contacts go on meanwhile.
      callApi: (api, values) => lane.waiting(() => call(api, values)),
    });
    for (const entry of result.trace) {
      // Flow errors (the 50-node limit, a missing node, a bad regular expression) reach the log too.
      if (entry.type === "error") {
        deps.log.warn("Flow error", { botId, inboundId: work.id, error: entry.message });
      }
    }
    const committed = await saveTurn(deps.db, {
      contactId: contact.id,
      botId,
      conversation: result.conversation,
      attributes: result.attributes,
      trace: result.trace,
      changes: result.changes,
      at: Date.now(),
    }, {
      inboundId: work.id,
      owner: options.owner,
      channelId: work.channelId,
      contactKey: work.contactKey,
      replies: result.sends,
      recipient: event.replyTo,
    });
    if (!committed) {
      deps.log.warn("Lost the lease on a WhatsApp message; another process finishes it", {
        inboundId: work.id,
      });
      inc("chatwire_turns_total", { result: "lease_lost" });
      return;
    }
    inc("chatwire_turns_total", { result: "ok" });
    observe("chatwire_turn_seconds", (performance.now() - started) / 1000);
    if (result.sends.length > 0) options.onReplies();
  } catch (error) {
    // A bug or a database hiccup: try again shortly (the attempts cap stops a poison message).
    deps.log.error("Turn failed; will retry", { inboundId: work.id, error: String(error) });
    inc("chatwire_turns_total", { result: "error" });
    await releaseInbound(deps.db, work.id, options.owner, String(error), 1000 * work.attempts)
      .catch((e) =>
        deps.log.error("Cannot release WhatsApp message", { inboundId: work.id, error: String(e) })
      );
  }
}

type FlowCache = (botId: number, version: number | "published") => Promise<RunnableFlow | undefined>;

/** The published flow is re-read every 2 s (a publish reaches new conversations fast); versions are immutable. */
function flowCache(deps: AppDeps): FlowCache {
  const cache = new Map<string, { at: number; value: Promise<RunnableFlow | undefined> }>();
  return (botId, version) => {
    const key = `${botId}:${version}`;
    const ttl = version === "published" ? 2000 : 60_000;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    if (cache.size > 500) cache.clear();
    const value = loadRunnableFlow(deps, botId, version);
    // A failed read is not remembered.
    value.catch(() => cache.delete(key));
    cache.set(key, { at: Date.now(), value });
    return value;
  };
}
