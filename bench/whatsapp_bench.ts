/**
 * `deno task bench`: what a user of the WhatsApp channel feels, Chatwire
 * against a bare baseline (bench/baseline.ts: the same HTTP exchanges, no
 * storage, no interpreter), in one run of about three minutes:
 *
 * - server CPU per message (every thread, from /proc) and its ratio to the
 *   baseline's — the headline, printed first, since it is the figure least
 *   disturbed by other work on the machine;
 * - burst: N contacts typing as fast as replies come (throughput, ack and
 *   end-to-end latency);
 * - steady rate (`--rate 300,600`): an open loop, ack and end-to-end p50/p99;
 * - backlog (`--backlog 1000,20000`; 100000 by flag): messages stored while
 *   the Graph API is down, then the time to drain (Chatwire only: the
 *   baseline keeps nothing);
 * - peak and settled RSS of the server.
 *
 * Each server runs alone in its process, started the same way (`deno run -A`
 * with the start task's V8 flags); the fakes and the load generator run in
 * another process (bench/load_process.ts), a fresh one per run; the two
 * sides take turns going first. A benchmark, not a test: it prints figures,
 * writes them to bench/results/, and never fails on time.
 *
 * Flags: --modes burst,rate,backlog  --contacts 1000  --messages 12
 * --rate 300,600  --seconds 15  --backlog 1000,20000  --repeat 1 (pairs per
 * scenario)  --profile (V8 CPU profile of Chatwire's main thread in the first
 * burst)  --heap (V8 heap of each server's main isolate through its
 * inspector, after the load and settled)  --skip-baseline  --log-level warn  --server-v8-flags --max-semi-space-size=8
 * (instead of the start task's).
 */
import { heapUsage, printProfile, startProfile } from "./whatsapp_profile.ts";
import { cpuMs, loadAverage, rss, threadCpuMs } from "./proc_stats.ts";
import { saveResults } from "./results.ts";
import type { LoadRun, LoadSpec } from "./load_process.ts";
import { APP_SECRET, freePort, PHONE_NUMBER_ID, SECRET, seedDatabase, spawn } from "./whatsapp_setup.ts";

const args = parseFlags(Deno.args);
const modes = args.list("modes", "burst,rate,backlog");
const contacts = args.number("contacts", 1000);
type Side = "chatwire" | "baseline";
type Scenario = { name: string; run: LoadSpec; sides: Side[] };

const scenarios: Scenario[] = [];
const both: Side[] = args.flag("skip-baseline") ? ["chatwire"] : ["chatwire", "baseline"];
if (modes.includes("burst")) {
  const messages = args.number("messages", 12);
  scenarios.push({
    name: `burst ${contacts}×${messages + 1}`,
    run: { mode: "burst", contacts, messages, maxSeconds: args.number("max-seconds", 60) },
    sides: both,
  });
}
if (modes.includes("rate")) {
  for (const rate of args.list("rate", "300,600").map(Number)) {
    scenarios.push({
      name: `rate ${rate}/s`,
      run: { mode: "rate", rate, seconds: args.number("seconds", 15), contacts },
      sides: both,
    });
  }
}
if (modes.includes("backlog")) {
  for (const messages of args.list("backlog", "1000,20000").map(Number)) {
    scenarios.push({
      name: `backlog ${messages}`,
      // At most 20 messages per contact: over 30 a minute the rate limit (db/rate_limit.ts) would rightly
      // drop the excess, and a 100k backlog from 1000 contacts (100 each) measured that instead of the drain.
      run: { mode: "backlog", messages, contacts: Math.max(contacts, Math.ceil(messages / 20)) },
      sides: ["chatwire"],
    });
  }
}

// --server-v8-flags tries other V8 flags on both servers (e.g. a capped young generation) without editing deno.json.
const serverFlags = args.string("server-v8-flags", "")
  ? [`--v8-flags=${args.string("server-v8-flags", "")}`]
  : startTaskFlags();
const machine = { cpu: cpuName(), deno: Deno.version.deno, serverFlags, loadBefore: loadAverage() };
console.log(
  `WhatsApp benchmark on ${machine.cpu}; load average ${machine.loadBefore}; server flags: ${
    serverFlags.join(" ") || "none"
  }`,
);

const runs: Record<string, unknown>[] = [];
let pair = 0;
for (const scenario of scenarios) {
  for (let r = 0; r < args.number("repeat", 1); r++) {
    // Alternate who goes first, so neither side always meets a warmer (or busier) machine.
    const order = pair++ % 2 === 0 ? scenario.sides : [...scenario.sides].reverse();
    const figures: Partial<Record<Side, Record<string, unknown>>> = {};
    for (const side of order) {
      figures[side] = await runSide(side, scenario, runs.length === 0 && side === "chatwire");
      console.log(`  ${scenario.name.padEnd(16)} ${side.padEnd(8)} ${describe(figures[side]!)}`);
    }
    runs.push({ scenario: scenario.name, order, ...figures });
  }
}

console.log(`\nServer CPU per message (all threads, /proc utime+stime); load average now ${loadAverage()}:`);
for (const run of runs) {
  const c = run.chatwire as { cpuUsPerMessage: number } | undefined;
  const b = run.baseline as { cpuUsPerMessage: number } | undefined;
  const ratio = c && b ? ` ratio ${(c.cpuUsPerMessage / b.cpuUsPerMessage).toFixed(2)}×` : "";
  console.log(
    `  ${String(run.scenario).padEnd(16)} chatwire ${c?.cpuUsPerMessage ?? "-"} µs` +
      `${b ? `  baseline ${b.cpuUsPerMessage} µs` : ""}${ratio}`,
  );
}
const file = await saveResults({ machine: { ...machine, loadAfter: loadAverage() }, runs });
console.log(`results: ${file} (and bench/results/latest.json)`);

async function runSide(side: Side, scenario: Scenario, profile: boolean): Promise<Record<string, unknown>> {
  const load = await startLoadProcess();
  const dir = await Deno.makeTempDir({ prefix: "chatwire-bench-" });
  let server: Awaited<ReturnType<typeof spawn>> | undefined;
  try {
    let webhookUrl: string;
    const inspect = (profile && args.flag("profile")) || args.flag("heap") ? freePort() : undefined;
    if (side === "chatwire") {
      const channelId = await seedDatabase(dir, load.ready.shopUrl);
      server = await spawn("../main.ts", ["serve"], {
        CHATWIRE_DATA_DIR: dir,
        CHATWIRE_SECRET: SECRET,
        WHATSAPP_GRAPH_URL: load.ready.graphUrl,
        LOG_LEVEL: args.string("log-level", "warn"),
      }, [...serverFlags, ...(inspect ? [`--inspect=127.0.0.1:${inspect}`] : [])]);
      webhookUrl = `${server.url}/webhooks/whatsapp/${channelId}`;
    } else {
      server = await spawn("./baseline.ts", [], {
        SHOP_URL: load.ready.shopUrl,
        GRAPH_URL: load.ready.graphUrl,
        APP_SECRET,
        PHONE_NUMBER_ID,
      }, [...serverFlags, ...(inspect ? [`--inspect=127.0.0.1:${inspect}`] : [])]);
      webhookUrl = `${server.url}/webhooks/whatsapp/1`;
    }
    const profiler = inspect && profile && args.flag("profile") ? await startProfile(inspect) : undefined;
    const loadAtStart = loadAverage();
    const cpu0 = cpuMs(server.pid);
    const threads0 = threadCpuMs(server.pid);
    const runStarted = performance.now();
    const result = await load.run({ ...scenario.run, webhookUrl, dbPath: `${dir}/chatwire.db` });
    const runSeconds = (performance.now() - runStarted) / 1000;
    // Work still queued in the server (a backlog the load gave up waiting for) counts too.
    await untilIdle(server.pid);
    const cpu = cpuMs(server.pid) - cpu0;
    const threads = threadCpuMs(server.pid);
    const mainThreadMs = (threads.main ?? 0) - (threads0.main ?? 0);
    const loadCpu = Number(result.loadProcessCpuMs) || 0;
    delete result.loadProcessCpuMs;
    const summary = await profiler?.stop();
    if (summary) printProfile(summary);
    const peak = rss(server.pid).peak;
    const heapAtEnd = inspect && args.flag("heap") ? await heapUsage(inspect) : undefined;
    // Settled: what the process keeps once the work is over.
    await new Promise((r) => setTimeout(r, 3000));
    const settled = rss(server.pid).now;
    const heapSettled = inspect && args.flag("heap") ? await heapUsage(inspect) : undefined;
    const messages = Number(result.acknowledged) || 1;
    return {
      ...summarise(result),
      cpuMs: Math.round(cpu),
      cpuUsPerMessage: Math.round((cpu * 1000) / messages),
      // The main thread's share: at about a core for the run's seconds, it is what bounds msg/s.
      mainThreadUsPerMessage: Math.round((mainThreadMs * 1000) / messages),
      // Over the load's whole run (a backlog's storing and draining included).
      mainThreadCoreShare: Math.round((mainThreadMs / 1000 / runSeconds) * 100) / 100,
      // Every thread by name (main, worker-1 = the outbound thread, tokio-runtime-w …), µs a message.
      threadUsPerMessage: Object.fromEntries(
        Object.entries(threads).map((
          [name, ms],
        ) => [name, Math.round(((ms - (threads0[name] ?? 0)) * 1000) / messages)])
          .filter(([, us]) => Number(us) > 0),
      ),
      // The load process shares the two cores: what it takes is not the server's to use.
      loadProcessCpuUsPerMessage: Math.round((loadCpu * 1000) / messages),
      peakRssMiB: mib(peak),
      settledRssMiB: mib(settled),
      ...(heapAtEnd ? { heapAtEnd, heapSettled } : {}),
      loadAverage: loadAtStart,
    };
  } finally {
    await server?.stop();
    await load.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Waits until the process uses under 5% of a core over half a second (at most a minute). */
async function untilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = cpuMs(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuMs(pid);
    if (now - last < 25) return;
    last = now;
  }
}

/** Latency lists become percentiles; everything else is kept as it came. */
function summarise(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value)) {
      const name = key.replace(/Ms$/, "");
      out[`${name}P50Ms`] = percentile(value, 50);
      out[`${name}P99Ms`] = percentile(value, 99);
    } else out[key] = typeof value === "number" ? Math.round(value * 100) / 100 : value;
  }
  if (typeof result.seconds === "number" && result.seconds > 0 && result.mode === "burst") {
    out.messagesPerSecond = Math.round(Number(result.acknowledged) / result.seconds);
  }
  return out;
}

function describe(f: Record<string, unknown>): string {
  const parts = [
    `cpu ${f.cpuUsPerMessage} µs/msg (main thread ${f.mainThreadUsPerMessage}, ${f.mainThreadCoreShare} of a core; load process ${f.loadProcessCpuUsPerMessage})`,
  ];
  if (f.messagesPerSecond !== undefined) parts.push(`${f.messagesPerSecond} msg/s`);
  if (f.maxLagMs !== undefined) parts.push(`generator lag ≤ ${f.maxLagMs} ms`);
  if (f.ackP50Ms !== undefined) parts.push(`ack p50 ${f.ackP50Ms} p99 ${f.ackP99Ms} ms`);
  if (f.e2eP50Ms !== undefined) parts.push(`e2e p50 ${f.e2eP50Ms} p99 ${f.e2eP99Ms} ms`);
  if (f.storeSeconds !== undefined) {
    parts.push(
      `stored in ${f.storeSeconds} s (${f.pendingAtEnd} pending then), inbound drained ${f.inboundDrainSeconds} s later, replies ${f.replyDrainSeconds} s after Graph came back`,
    );
  }
  parts.push(
    `lost ${f.lost} dup ${f.duplicated} other ${f.unexpected}`,
    `RSS peak ${f.peakRssMiB} settled ${f.settledRssMiB} MiB`,
  );
  if (f.heapAtEnd) {
    parts.push(`V8 heap at the end ${JSON.stringify(f.heapAtEnd)}, settled ${JSON.stringify(f.heapSettled)}`);
  }
  parts.push(`load ${f.loadAverage}`);
  return parts.join(" | ");
}

/** The load process: its fakes' addresses once ready, then one run. */
async function startLoadProcess() {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./load_process.ts", import.meta.url).pathname],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines()).getReader();
  const next = async () => {
    for (;;) {
      const { value, done } = await lines.read();
      if (done) throw new Error("Cannot run the load: its process ended early");
      if (value.startsWith("{")) return JSON.parse(value) as Record<string, unknown>;
    }
  };
  const ready = (await next()).ready as { shopUrl: string; graphUrl: string };
  const writer = child.stdin.getWriter();
  return {
    ready,
    async run(run: LoadRun): Promise<Record<string, unknown>> {
      await writer.write(new TextEncoder().encode(JSON.stringify({ run }) + "\n"));
      return { mode: run.mode, ...((await next()).result as Record<string, unknown>) };
    },
    async stop() {
      await writer.close().catch(() => {});
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      lines.releaseLock();
    },
  };
}

function splitLines(): TransformStream<string, string> {
  let buffer = "";
  return new TransformStream({
    transform(chunk, controller) {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const line of parts) controller.enqueue(line);
    },
    flush(controller) {
      if (buffer) controller.enqueue(buffer);
    },
  });
}

/** The `--v8-flags=…` of the start task, so the bench runs the server as production does. */
function startTaskFlags(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  return String(config.tasks.start).split(/\s+/).filter((a) => a.startsWith("--v8-flags="));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function cpuName(): string {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    const model = /model name\s*:\s*(.+)/.exec(info)?.[1] ?? "unknown CPU";
    return `${navigator.hardwareConcurrency} × ${model}`;
  } catch {
    return `${navigator.hardwareConcurrency} cores`;
  }
}

function parseFlags(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  return {
    flag: (name: string) => argv.includes(`--${name}`),
    string: (name: string, fallback: string) => value(name) ?? fallback,
    list: (name: string, fallback: string) => (value(name) ?? fallback).split(",").filter(Boolean),
    number(name: string, fallback: number): number {
      const n = Number(value(name) ?? fallback);
      if (!Number.isFinite(n) || n < 0) throw new Error(`Cannot read --${name}: expected a number`);
      return n;
    },
  };
}
