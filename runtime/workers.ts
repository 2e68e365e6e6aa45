import { pruneApiCalls } from "../db/api_calls.ts";
import { outboxDepth } from "../db/outbox_stats.ts";
import { pruneSessions } from "../db/sessions.ts";
import { getSetting } from "../db/settings.ts";
import type { AppDeps } from "../deps.ts";
import { applyMetric, gauge } from "./metrics.ts";
import type { Pump } from "./pump.ts";
import type { FromSender, ToSender } from "./sender_thread.ts";
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
}

const HOUSEKEEPING_MS = 10 * 60 * 1000;
const HOUSEKEEPING_DELAY_MS = 60 * 1000;

/**
 * Starts the background workers: the turn worker (stored inbound messages →
 * flow → outbox), the sender (outbox → Graph API, on a thread of its own:
 * runtime/sender_thread.ts) and housekeeping (expired
 * sessions, old call logs). On start, work left by a crash is picked up:
 * pending messages and queued replies at once, leased ones when their lease
 * expires.
 */
export function startWorkers(deps: AppDeps, options: WorkerOptions = {}): Workers {
  // Unique per process start: a restarted process does not mistake old leases for its own.
  const owner = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 15_000;
  const idleMs = options.idleMs ?? 300;
  const sender = startSenderThread(deps, {
    owner,
    concurrency: options.sendConcurrency ?? 128,
    leaseMs,
    idleMs,
  });
  const turns = startTurnWorker(deps, {
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
    },
  };
}

/** How long a crashed sender thread waits before it is started again. */
const RESTART_MS = 1000;
/** How long stop() waits for the sender thread to finish its sends. */
const STOP_TIMEOUT_MS = 35_000;

/**
 * The sender on its own thread, driven like an in-process pump. A thread
 * that crashes is logged and started again; its leased replies are taken
 * over when their leases expire.
 */
function startSenderThread(
  deps: AppDeps,
  options: { owner: string; concurrency: number; leaseMs: number; idleMs: number },
): Pump {
  let worker: Worker | undefined;
  let stopping = false;
  let restart: ReturnType<typeof setTimeout> | undefined;
  let settleStop = () => {};
  let spawns = 0;

  const spawn = () => {
    const thread = new Worker(new URL("./sender_thread.ts", import.meta.url).href, { type: "module" });
    worker = thread;
    thread.onmessage = (event: MessageEvent<FromSender>) => {
      const message = event.data;
      if (message.type === "log") deps.log[message.level](message.message, message.fields);
      else if (message.type === "metric") applyMetric(message.event);
      else if (message.type === "stopped") settleStop();
    };
    thread.onerror = (event) => {
      event.preventDefault();
      deps.log.error("Sender thread failed; starting it again", { error: event.message });
      thread.terminate();
      worker = undefined;
      settleStop();
      if (!stopping) restart = setTimeout(spawn, RESTART_MS);
    };
    // A new owner per thread: a restarted thread does not take the old one's leases for its own.
    thread.postMessage({
      type: "start",
      config: deps.config,
      ...options,
      owner: `${options.owner}-s${spawns++}`,
    });
  };
  spawn();

  return {
    wake: () => worker?.postMessage({ type: "wake" } satisfies ToSender),
    async stop() {
      stopping = true;
      clearTimeout(restart);
      const thread = worker;
      if (!thread) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        settleStop = resolve;
        timer = setTimeout(resolve, STOP_TIMEOUT_MS);
        thread.postMessage({ type: "stop" } satisfies ToSender);
      });
      clearTimeout(timer);
      thread.terminate();
      worker = undefined;
    },
  };
}
