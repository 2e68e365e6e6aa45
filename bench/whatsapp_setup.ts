/**
 * The benchmark's fixtures: a seeded temp database (the DESIGN §4 order
 * status bot pointed at the fake shop, published, and one channel), and the
 * servers under test run as subprocesses so their memory is their own.
 */
import { publishBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { createChannel } from "../db/channels.ts";
import { openDb } from "../db/client.ts";
import { createSecretBox } from "../security/secret_box.ts";

export const SECRET = "bench-secret-bench-secret-bench-secret-0123";
export const APP_SECRET = "bench-app-secret";
export const PHONE_NUMBER_ID = "1065";

/** Creates the database in `dir`; answers the channel id. */
export async function seedDatabase(dir: string, shopUrl: string): Promise<number> {
  const database = await openDb(`file:${dir}/chatwire.db`);
  try {
    const deps = { db: database.db, secrets: await createSecretBox(SECRET) };
    const doc = JSON.parse(
      await Deno.readTextFile(new URL("../engine/testdata/order_status.json", import.meta.url)),
    );
    doc.apis[0].url = `${shopUrl}/orders/{{order_id}}`;
    // The document's example token ends in "…", which no HTTP header may carry.
    doc.apis[0].auth.token = "bench-token";
    const imported = await importBotDocument(deps, doc);
    if (!imported.ok) throw new Error(`Cannot import the bot: ${JSON.stringify(imported.errors)}`);
    const published = await publishBot(deps.db, imported.id);
    if (!("version" in published)) throw new Error(`Cannot publish: ${JSON.stringify(published.errors)}`);
    const { id } = await createChannel(deps, {
      botId: imported.id,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: "token",
      appSecret: APP_SECRET,
      verifyToken: "bench-verify-token",
    });
    return id;
  } finally {
    database.close();
  }
}

/** A server under test running as a child process. */
export interface Subprocess {
  url: string;
  pid: number;
  /** Lines the process wrote to stdout and stderr (counted, the last few kept). */
  output: { lines: number; tail: string[] };
  /** Peak resident set size so far, in bytes (VmHWM). */
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `deno run -A [flags] <script> [args]` with `env` on a free port and waits until it answers. */
export async function spawn(
  script: string,
  args: string[],
  env: Record<string, string>,
  flags: string[] = [],
): Promise<Subprocess> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...flags, new URL(script, import.meta.url).pathname, ...args],
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = { lines: 0, tail: [] as string[] };
  const drained = Promise.all([drain(child.stdout, output), drain(child.stderr, output)]);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, output);
  return {
    url,
    pid: child.pid,
    output,
    peakRss: () => peakRss(child.pid),
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await child.status;
      clearTimeout(timer);
      await drained;
    },
  };
}

/** A port nothing listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function waitHealthy(url: string, child: Deno.ChildProcess, output: { tail: string[] }): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}/healthz`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Cannot start the server under test: ${output.tail.join("\n")}`);
}

async function drain(stream: ReadableStream<Uint8Array>, output: { lines: number; tail: string[] }) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const text = decoder.decode(chunk, { stream: true });
    for (const line of text.split("\n")) {
      if (!line) continue;
      output.lines++;
      output.tail.push(line.slice(0, 400));
      if (output.tail.length > 20) output.tail.shift();
    }
  }
}

async function peakRss(pid: number): Promise<number> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
