import * as v from "valibot";

/** Chatwire's configuration: read once from the environment, then frozen. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken?: string;
  /** Key material for encrypting stored secrets and signing sessions. */
  secret: string;
  adminToken?: string;
  publicUrl: string;
  whatsappGraphUrl: string;
  whatsappGraphVersion: string;
  blockPrivateNetworks: boolean;
  /** Take the client address from X-Forwarded-For (a reverse proxy in front). */
  trustProxy: boolean;
  logLevel: LogLevel;
  /** Folder for data files (the default database and the generated secret). */
  dataDir: string;
}

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = typeof LOG_LEVELS[number];

/** A configuration value that stops start-up; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const port = v.pipe(
  v.string(),
  v.regex(/^\d+$/, "must be a whole number"),
  v.transform(Number),
  v.number(),
  v.minValue(0, "must be between 0 and 65535"),
  v.maxValue(65535, "must be between 0 and 65535"),
);

const httpUrl = v.pipe(
  v.string(),
  v.url("must be an absolute URL"),
  v.regex(/^https?:\/\//, "must start with http:// or https://"),
  v.transform((s: string) => s.replace(/\/+$/, "")),
);

const boolean = v.pipe(
  v.string(),
  v.picklist(["true", "false", "1", "0"], "must be true or false"),
  v.transform((s) => s === "true" || s === "1"),
);

const schema = v.object({
  PORT: v.optional(port, "8080"),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, "must not be empty")), "0.0.0.0"),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/,
        "must start with file:, libsql://, http:// or https://",
      ),
    ),
  ),
  DATABASE_AUTH_TOKEN: v.optional(v.string()),
  CHATWIRE_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, "must be at least 32 characters")),
  ),
  CHATWIRE_ADMIN_TOKEN: v.optional(
    v.pipe(v.string(), v.minLength(16, "must be at least 16 characters")),
  ),
  CHATWIRE_PUBLIC_URL: v.optional(httpUrl),
  WHATSAPP_GRAPH_URL: v.optional(httpUrl, "https://graph.facebook.com"),
  WHATSAPP_GRAPH_VERSION: v.optional(
    v.pipe(v.string(), v.regex(/^v\d+\.\d+$/, 'must look like "v26.0"')),
    "v26.0",
  ),
  CHATWIRE_BLOCK_PRIVATE_NETWORKS: v.optional(boolean, "false"),
  CHATWIRE_TRUST_PROXY: v.optional(boolean, "false"),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, "must be debug, info, warn or error"), "info"),
  CHATWIRE_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), "data"),
});

const VARIABLES = Object.keys(schema.entries);

/**
 * Parses the environment into one frozen Config. Throws ConfigError with one
 * line naming the first bad variable. Generates `data/secret.key` (mode 0600)
 * once when CHATWIRE_SECRET is not set.
 */
export async function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<Config> {
  const input = Object.fromEntries(
    VARIABLES.filter((name) => env[name] !== undefined && env[name] !== "").map((
      name,
    ) => [name, env[name]]),
  );
  const result = v.safeParse(schema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const name = v.getDotPath(issue) ?? "environment";
    throw new ConfigError(`Invalid ${name}: ${issue.message}`);
  }
  const e = result.output;
  const dataDir = e.CHATWIRE_DATA_DIR;
  const databaseUrl = e.DATABASE_URL ?? `file:${dataDir}/chatwire.db`;
  if (databaseUrl.startsWith("file:")) {
    await Deno.mkdir(dirnameOf(databaseUrl.slice(5)), { recursive: true });
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    secret: e.CHATWIRE_SECRET ?? await readOrCreateSecret(dataDir),
    adminToken: e.CHATWIRE_ADMIN_TOKEN,
    publicUrl: e.CHATWIRE_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    whatsappGraphUrl: e.WHATSAPP_GRAPH_URL,
    whatsappGraphVersion: e.WHATSAPP_GRAPH_VERSION,
    blockPrivateNetworks: e.CHATWIRE_BLOCK_PRIVATE_NETWORKS,
    trustProxy: e.CHATWIRE_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    dataDir,
  });
}

async function readOrCreateSecret(dataDir: string): Promise<string> {
  const path = `${dataDir}/secret.key`;
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(dataDir, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  // createNew: two processes starting at once must not overwrite each other's key.
  try {
    await Deno.writeTextFile(path, secret + "\n", { mode: 0o600, createNew: true });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return (await Deno.readTextFile(path)).trim();
    throw error;
  }
  await Deno.chmod(path, 0o600);
  return secret;
}

function dirnameOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? (i === 0 ? "/" : ".") : path.slice(0, i);
}
