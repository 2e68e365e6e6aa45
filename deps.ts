import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { User } from "./db/users.ts";
import type { Logger } from "./log.ts";
import type { Connector } from "./engine/pinned_fetch.ts";
import type { SecretBox } from "./security/secret_box.ts";

/** What every route and worker is given: created once in main.ts (or a test). */
export interface AppDeps {
  config: Config;
  db: Db;
  secrets: SecretBox;
  log: Logger;
  /** Wakes the background workers when new work was stored (set by main.ts). */
  notify?: (what: "inbound" | "outbox") => void;
  /** Calls in flight per API (DESIGN §6 "Fairness"; default 16). */
  apiCallsInFlight?: number;
  /** Where API calls connect (runtime/workers.ts sets the outbound thread's; default this thread). */
  connect?: Connector;
}

/** Hono's environment for Chatwire's sub-apps: `c.var.deps`, `c.var.user` … */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /** The signed-in admin on page routes (undefined before login). */
    user?: User;
    /** The CSRF token forms and htmx requests must send back. */
    csrf: string;
  };
}
