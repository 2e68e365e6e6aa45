import { createApp } from "./app.ts";
import { backup } from "./cli/backup.ts";
import { readPassword, userAdd } from "./cli/user_add.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type Database, openDb } from "./db/client.ts";
import { createLogger, type Logger } from "./log.ts";
import type { AppDeps } from "./deps.ts";
import { startWorkers } from "./runtime/workers.ts";
import { createSecretBox } from "./security/secret_box.ts";

const HELP: Record<string, string> = {
  main: `chatwire: a self-hosted WhatsApp chatbot server that calls REST APIs in chat flows

Usage: chatwire [command] [options]

Commands:
  serve                 serve the admin pages, the JSON API and webhooks (default)
  user add <email>      add an admin account
  import <file.json>    import a chatwire.bot/v1 document (creates a bot)
  export <botId>        print a bot's draft as a chatwire.bot/v1 document
  apis import <file>    import APIs from a Postman collection v2.1 or an OpenAPI 3 document
  backup <file>         write a consistent copy of the embedded database

Run "chatwire <command> --help" for a command's options. Configuration comes
from environment variables (PORT, DATABASE_URL, CHATWIRE_SECRET, …): see the README.`,
  serve: `Usage: chatwire serve

Serves on $HOST:$PORT (default 0.0.0.0:8080) until SIGINT or SIGTERM, then
stops accepting, finishes work in flight and closes the database.`,
  user: `Usage: chatwire user add <email> [--role owner|editor] [--password-stdin]

Asks for the password twice on a terminal, or reads it from standard input
with --password-stdin. The first account is always an owner.`,
  import: `Usage: chatwire import <file.json>

Validates the document and creates a bot from it, creating or updating the
attributes and APIs it carries by name. Prints the new bot's id.`,
  export: `Usage: chatwire export <botId> [--secrets]

Prints the bot's draft as JSON. Secrets are "********" unless --secrets.`,
  apis: `Usage: chatwire apis import <file> [--base-url URL]

Creates or updates one API per Postman request or OpenAPI operation (JSON or
YAML), by name, keeping the mappings and secrets of APIs already there.
Placeholders' attributes are created as text when missing. --base-url stands
in for a document without an absolute server, or a Postman {{host}} without
a value. Prints what was created, updated and skipped (with the reason).`,
  backup: `Usage: chatwire backup <file>

Writes a consistent copy of the embedded database (VACUUM INTO); safe while
the server runs. The file must not exist yet.`,
};

/** Runs the command line; returns the process exit code. */
export async function main(args: string[]): Promise<number> {
  const [command = "serve", ...rest] = args;
  if (command === "--help" || command === "-h" || command === "help") return print(HELP.main);
  if (!(command in HELP) || command === "main") {
    console.error(`Unknown command "${command}". Run "chatwire --help".`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) return print(HELP[command]);

  let config: Config;
  try {
    config = await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  if (command === "serve") return await serve(config, log);

  const database = await openDb(config.databaseUrl, { authToken: config.databaseAuthToken });
  try {
    const positional = rest.filter((a) => !a.startsWith("--"));
    const flag = (name: string) => rest.includes(`--${name}`);
    const option = (name: string) => {
      const i = rest.indexOf(`--${name}`);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    switch (command) {
      case "user": {
        const [sub, email] = positional.filter((a) => a !== option("role"));
        if (sub !== "add" || !email) return usage(HELP.user);
        const password = await readPassword(flag("password-stdin"));
        return print(await userAdd(database.db, { email, role: option("role"), password }));
      }
      case "apis": {
        const [sub, file] = positional.filter((a) => a !== option("base-url"));
        if (sub !== "import" || !file) return usage(HELP.apis);
        const deps: AppDeps = { config, db: database.db, secrets: await createSecretBox(config.secret), log };
        const { apisImport } = await import("./cli/apis_import.ts");
        return await apisImport(deps, file, { baseUrl: option("base-url") });
      }
      case "backup": {
        if (!positional[0]) return usage(HELP.backup);
        return print(await backup(database.db, config.databaseUrl, positional[0]));
      }
      default: {
        const deps: AppDeps = { config, db: database.db, secrets: await createSecretBox(config.secret), log };
        const { runDocumentCommand } = await import("./cli/bot_documents.ts");
        return await runDocumentCommand(deps, command, positional, { secrets: flag("secrets") });
      }
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    database.close();
  }
}

/** Serves until SIGINT/SIGTERM; then stops accepting, drains, and closes the database. */
async function serve(config: Config, log: Logger): Promise<number> {
  const started = performance.now();
  const database: Database = await openDb(config.databaseUrl, { authToken: config.databaseAuthToken });
  const deps: AppDeps = { config, db: database.db, secrets: await createSecretBox(config.secret), log };
  const workers = startWorkers(deps);
  deps.notify = workers.notify;
  const app = createApp(deps);
  const server = Deno.serve({
    port: config.port,
    hostname: config.host,
    onListen: ({ hostname, port }) =>
      log.info("listening", {
        url: `http://${hostname}:${port}`,
        startupMs: Math.round(performance.now() - started),
      }),
  }, app.fetch);

  const stop = async (signal: string) => {
    log.info("shutting down", { signal });
    await server.shutdown();
    await workers.stop();
    database.close();
  };
  const signals = ["SIGINT", "SIGTERM"] as const;
  const stopping = new Promise<void>((resolve) => {
    for (const signal of signals) Deno.addSignalListener(signal, () => resolve(stop(signal)));
  });
  await Promise.race([server.finished, stopping]);
  await stopping;
  log.info("stopped");
  return 0;
}

function print(text: string): number {
  console.log(text);
  return 0;
}

function usage(text: string): number {
  console.error(text);
  return 2;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
