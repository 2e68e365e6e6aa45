/// <reference lib="deno.worker" />
/**
 * The sender on a thread of its own (started by runtime/workers.ts): Graph
 * API calls and their bookkeeping take about a quarter of a message's work,
 * and here they use the machine's second core instead of waiting for the
 * main thread, which keeps the webhooks and the interpreter. It opens its
 * own connection to the same database; logs and metrics go to the main
 * thread, which writes and serves them.
 */
import type { Config, LogLevel } from "../config.ts";
import { openDb } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { AppDeps } from "../deps.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { forwardMetrics } from "./metrics.ts";
import type { Pump } from "./pump.ts";
import { startSender } from "./sender.ts";

/** What the main thread tells the sender thread. */
export type ToSender =
  | { type: "start"; config: Config; owner: string; concurrency: number; leaseMs: number; idleMs: number }
  | { type: "wake" }
  | { type: "stop" };

/** What the sender thread tells the main thread. */
export type FromSender =
  | { type: "log"; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: "metric"; event: Parameters<Parameters<typeof forwardMetrics>[0]>[0] }
  | { type: "started" }
  | { type: "stopped" };

const post = (message: FromSender) => self.postMessage(message);
let started: Promise<{ sender: Pump; close(): void }> | undefined;

self.onmessage = async (event: MessageEvent<ToSender>) => {
  const message = event.data;
  if (message.type === "start") {
    started = start(message);
    return;
  }
  const running = await started;
  if (message.type === "wake") return running?.sender.wake();
  await running?.sender.stop();
  running?.close();
  post({ type: "stopped" });
};

async function start(message: Extract<ToSender, { type: "start" }>) {
  forwardMetrics((metric) => post({ type: "metric", event: metric }));
  const { config } = message;
  const database = await openDb(config.databaseUrl, { authToken: config.databaseAuthToken });
  const deps: AppDeps = {
    config,
    db: database.db,
    secrets: await createSecretBox(config.secret),
    log: logger(),
  };
  const sender = startSender(deps, message);
  post({ type: "started" });
  return { sender, close: database.close };
}

function logger(): Logger {
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    post({ type: "log", level, message, fields: fields && JSON.parse(JSON.stringify(fields, errorsAsText)) });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}
