import { lt } from "drizzle-orm";
import { pruneSessions } from "../db/sessions.ts";
import { apiCalls } from "../db/schema.ts";
import { getSetting } from "../db/settings.ts";
import type { AppDeps } from "../routes/env.ts";

/** The background work of one server process. */
export interface Workers {
  /** Wakes the worker for `what` now instead of at its next poll. */
  notify(what: "inbound" | "outbox"): void;
  /** Finishes work in flight and stops; resolves when nothing runs. */
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 10 * 60 * 1000;

/** Starts the background workers: housekeeping (expired sessions, old call logs). */
export function startWorkers(deps: AppDeps): Workers {
  const housekeeping = async () => {
    try {
      await pruneSessions(deps.db);
      const days = Number(await getSetting(deps.db, "logRetentionDays"));
      await deps.db.delete(apiCalls).where(lt(apiCalls.at, Date.now() - days * 86_400_000));
    } catch (error) {
      deps.log.error("housekeeping failed", { error });
    }
  };
  const first = housekeeping();
  const timer = setInterval(housekeeping, HOUSEKEEPING_MS);
  return {
    notify() {},
    async stop() {
      clearInterval(timer);
      await first;
    },
  };
}
