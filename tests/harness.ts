/**
 * Starts the real Chatwire server for tests: a temp-file libSQL database,
 * the real app and workers, on 127.0.0.1 port 0.
 */
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { openDb } from "../db/client.ts";
import type { Db } from "../db/client.ts";
import { createLogger } from "../log.ts";
import type { AppDeps } from "../deps.ts";
import { startWorkers } from "../runtime/workers.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { createUser } from "../db/users.ts";
import { createSession } from "../db/sessions.ts";
import { hashPassword } from "../security/passwords.ts";

export interface TestServer {
  /** The base URL; with `listen: false` only `request` reaches the app. */
  url: string;
  app: ReturnType<typeof createApp>;
  /** Sends a request to the app: over the socket, or with `app.request()` when not listening. */
  request(path: string, init?: RequestInit): Promise<Response>;
  deps: AppDeps;
  db: Db;
  dir: string;
  /** Log lines the server wrote (JSON text), to assert nothing secret was logged. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts a server; `env` overrides the environment (CHATWIRE_DATA_DIR
 * defaults to a temp dir). `listen: false` binds no socket: route tests
 * call the app with `app.request()` (Hono's own way), faster and portless.
 */
export async function startServer(
  options: { env?: Record<string, string>; workers?: boolean; dir?: string; listen?: boolean } = {},
): Promise<TestServer> {
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "chatwire-test-" });
  const config = await loadConfig({
    CHATWIRE_DATA_DIR: dir,
    CHATWIRE_SECRET: "test-secret-test-secret-test-secret-0123456789",
    LOG_LEVEL: "debug",
    ...options.env,
  });
  const logs: string[] = [];
  const database = await openDb(config.databaseUrl);
  const deps: AppDeps = {
    config,
    db: database.db,
    secrets: await createSecretBox(config.secret),
    log: createLogger(config.logLevel, (line) => logs.push(line)),
  };
  const workers = options.workers === false ? undefined : startWorkers(deps);
  deps.notify = workers?.notify;
  const app = createApp(deps);
  const server = options.listen === false
    ? undefined
    : Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const url = server ? `http://127.0.0.1:${server.addr.port}` : "http://chatwire.test";
  // What Deno.serve hands the app, for getConnInfo (the login throttle reads the address).
  const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } };
  return {
    url,
    app,
    request: (path, init) =>
      server ? fetch(`${url}${path}`, init) : Promise.resolve(app.request(path, init, info)),
    deps,
    db: database.db,
    dir,
    logs,
    async close() {
      await server?.shutdown();
      await workers?.stop();
      database.close();
    },
  };
}

export const TEST_EMAIL = "owner@example.com";
export const TEST_PASSWORD = "correct horse battery";

/** Creates the owner account directly and returns a session cookie header and its CSRF token. */
export async function signIn(server: TestServer): Promise<{ cookie: string; csrf: string }> {
  const user = await createUser(server.db, {
    email: TEST_EMAIL,
    passwordHash: await hashPassword(TEST_PASSWORD),
    role: "owner",
  }) ?? (await server.db.query.users.findFirst())!;
  const token = await createSession(server.db, user.id);
  const res = await server.request("/settings", { headers: { cookie: `chatwire_session=${token}` } });
  const html = await res.text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error("signIn: no CSRF token on the settings page");
  return { cookie: `chatwire_session=${token}`, csrf };
}

/** Sends a form like a browser would (with the CSRF token) and returns the response. */
export async function postForm(
  server: TestServer,
  session: { cookie: string; csrf: string },
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return await server.request(path, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: session.csrf, ...fields }),
  });
}
