/**
 * The loop both WhatsApp workers share: claim work from the database up to
 * a concurrency bound, run each item, claim again as soon as something
 * finishes or `wake()` is called, otherwise poll every `idleMs`. Leases of
 * the items in flight are renewed every `renewMs` so a long turn or send is
 * not taken over by another process.
 *
 * `capacity` bounds the items *working*; an item waiting on the outside
 * world (an API) inside `lane.waiting()` gives its slot back meanwhile
 * (DESIGN §6 "Fairness"), so up to `maxInFlight` items may be claimed.
 */

export interface PumpOptions<T> {
  /** Items working at once at most. */
  capacity: number;
  /** Items claimed at once at most, waiting ones included (default: capacity). */
  maxInFlight?: number;
  /** Poll interval when nothing wakes the loop. */
  idleMs: number;
  /** Leases up to `limit` items. */
  claim(limit: number): Promise<T[]>;
  /** Handles one item; should not throw (errors are logged by `onError`). */
  run(item: T, lane: Lane): Promise<void>;
  onError(error: unknown): void;
  /** Extends the leases of the items in flight. */
  renew?(items: T[]): Promise<void>;
  renewMs?: number;
}

/** What a running item may do with its slot. */
export interface Lane {
  /** Runs `wait` without holding a slot, then takes one back (before new items are claimed). */
  waiting<R>(wait: () => Promise<R>): Promise<R>;
}

export interface Pump {
  /** Claims now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, waits for the items in flight, then resolves. */
  stop(): Promise<void>;
}

/** Least time between two claims while items are in flight. */
const CLAIM_GAP_MS = 5;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the loop; it runs until `stop()`. */
export function startPump<T>(options: PumpOptions<T>): Pump {
  const inFlight = new Map<T, Promise<void>>();
  const maxInFlight = Math.max(options.maxInFlight ?? options.capacity, options.capacity);
  // Slots held by working items; items back from waiting queue for one ahead of new claims.
  let working = 0;
  const queued: (() => void)[] = [];
  let stopping = false;
  let woken = false;
  let sleeper: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | undefined;

  const wake = () => {
    woken = true;
    if (sleeper) {
      clearTimeout(sleeper.timer);
      sleeper.resolve();
      sleeper = undefined;
    }
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeper = {
        resolve,
        timer: setTimeout(() => {
          sleeper = undefined;
          resolve();
        }, ms),
      };
    });
  const releaseSlot = () => {
    const next = queued.shift();
    if (next) next();
    else working--;
    wake();
  };
  const lane: Lane = {
    async waiting(wait) {
      releaseSlot();
      try {
        return await wait();
      } finally {
        if (working < options.capacity) working++;
        else await new Promise<void>((resolve) => queued.push(resolve));
      }
    },
  };
  const start = (item: T) => {
    working++;
    const done = options.run(item, lane).catch(options.onError).finally(() => {
      inFlight.delete(item);
      releaseSlot();
    });
    inFlight.set(item, done);
  };

  const loop = async () => {
    let lastClaim = 0;
    while (!stopping) {
      // Under load every finished item wakes the loop: claim at most every CLAIM_GAP_MS
      // so that one claim query serves many free slots instead of one each.
      const gap = lastClaim + CLAIM_GAP_MS - performance.now();
      if (gap > 0 && inFlight.size > 0) await delay(gap);
      woken = false;
      const free = Math.min(options.capacity - working - queued.length, maxInFlight - inFlight.size);
      if (free > 0) {
        lastClaim = performance.now();
        try {
          for (const item of await options.claim(free)) start(item);
        } catch (error) {
          options.onError(error);
        }
      }
      if (stopping) break;
      // Something finished or arrived during the claim: look again at once.
      if (woken) continue;
      await sleep(options.idleMs);
    }
  };
  const running = loop();
  const renewal = options.renew && setInterval(() => {
    if (inFlight.size > 0) options.renew!([...inFlight.keys()]).catch(options.onError);
  }, options.renewMs ?? 5000);

  return {
    wake,
    async stop() {
      stopping = true;
      wake();
      await running;
      await Promise.all([...inFlight.values()]);
      if (renewal !== undefined) clearInterval(renewal);
    },
  };
}
