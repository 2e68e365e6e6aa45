import { pruneApiCalls } from "../db/api_calls.ts";
import { outboxDepth } from "../db/outbox_stats.ts";
import { pruneSessions } from "../db/sessions.ts";
import { getSetting } from "../db/settings.ts";
import type { AppDeps } from "../deps.ts";
import { startOutbound } from "./outbound.ts";
import { gauge } from "./metrics.ts";
import { startSender } from "./sender.ts";
import { startTurnWorker } from "./turn_worker.ts";

/** The background work of one server process. */
export interface Workers {
  /** Wakes the worker for `what` now instead of at its next poll. */
  notify(what: "inbound" | "outbox"): void;
  /** Finishes work in flight and stops; resolves when nothing runs. */
  stop(): Promise<void>;
}

/** Tuning of the WhatsApp workers; the defaults suit production. */
export interface WorkerOptions {
  /** Contacts whose turns run at once. */
  turnConcurrency?: number;
  /** Replies being sent at once (to different contacts). */
  sendConcurrency?: number;
  /**
   * How long a claim lasts without renewal. Renewed every third of it while
   * the work runs; after a crash, another process (or this one restarted)
   * takes the work over once it expires.
   */
  leaseMs?: number;
  /** Poll interval when nothing wakes the workers. */
  idleMs?: number;
  /** Outbound HTTP (Graph POSTs, API connections) off the main thread while it is busy (runtime/outbound.ts); false: never. */
  outboundThread?: boolean;
}

const HOUSEKEEPING_MS = 10 * 60 * 1000;
const HOUSEKEEPING_DELAY_MS = 60 * 1000;

/**
 * Starts the background workers: the turn worker (stored inbound messages →
 * flow → outbox), the sender (outbox → Graph API) and housekeeping (expired
 * sessions, old call logs).
 *
 * All on the one database connection the group committer owns: a sender on
 * a thread of its own had its own connection, and the two writers then
 * waited for each other's write lock (BEGIN IMMEDIATE busy-waiting 0.6–2.2
 * ms per commit, longer with synchronous=FULL). Only outbound HTTP — the
 * Graph API's POSTs and the API calls' connections — moves to a second
 * thread, and only while the main thread is busy (runtime/outbound.ts). On start, work left by a crash is picked up:
 * pending messages and queued replies at once, leased ones when their lease
 * expires.
 */
export function startWorkers(deps: AppDeps, options: WorkerOptions = {}): Workers {
  // Unique per process start: a restarted process does not mistake old leases for its own.
  const owner = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 15_000;
  const idleMs = options.idleMs ?? 300;
  const outbound = options.outboundThread === false ? undefined : startOutbound();
  const sender = startSender(deps, {
    owner,
    post: outbound?.postGraph,
    concurrency: options.sendConcurrency ?? 128,
    leaseMs,
    idleMs,
  });
  const turns = startTurnWorker(outbound ? { ...deps, connect: outbound.connect } : deps, {
    owner,
    concurrency: options.turnConcurrency ?? 128,
    leaseMs,
    idleMs,
    onReplies: () => sender.wake(),
  });
  gauge("chatwire_outbox_depth", () => outboxDepth(deps.db), "Replies queued or being sent");

  const housekeeping = async () => {
    try {
      await pruneSessions(deps.db);
      const days = Number(await getSetting(deps.db, "logRetentionDays"));
      await pruneApiCalls(deps.db, Date.now() - days * 86_400_000);
    } catch (error) {
      deps.log.error("housekeeping failed", { error });
    }
  };
  // Not at start-up: its autocommit writes would meet the set-up work of a
  // fresh process (imports run interactive transactions), and a write that
  // meets an open transaction busy-waits on the event loop.
  let running = Promise.resolve();
  const run = () => {
    running = housekeeping();
  };
  const first = setTimeout(run, HOUSEKEEPING_DELAY_MS);
  const timer = setInterval(run, HOUSEKEEPING_MS);
  return {
    notify(what) {
      if (what === "inbound") turns.wake();
      else sender.wake();
    },
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await Promise.all([running, turns.stop()]);
      // Replies queued by the last turns are sent at the next start.
      await sender.stop();
      outbound?.close();
    },
  };
}
