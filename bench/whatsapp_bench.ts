/**
 * `deno task bench`: end-to-end WhatsApp throughput of Chatwire against a
 * bare baseline doing the same HTTP exchanges without storage or interpreter.
 *
 * Both run as subprocesses (`deno run -A main.ts serve`, `bench/baseline.ts`)
 * so the peak RSS is theirs alone; the fake Graph API, the fake shop and the
 * load run in this process on loopback. A benchmark, not a test: it prints
 * figures, writes them to bench/results/, and never fails on time.
 *
 * Flags: --contacts 1000  --messages 12 (order ids per contact, after a first
 * "hi")  --max-seconds 60  --log-level info  --profile (V8 CPU profile of the
 * Chatwire server through its inspector)  --skip-baseline.
 */
import { startFakeGraph } from "../tests/fake_graph.ts";
import { startFakeShop } from "../tests/fake_shop.ts";
import { type LoadResult, runLoad } from "./whatsapp_load.ts";
import { type ProfileSummary, startProfile } from "./whatsapp_profile.ts";
import { APP_SECRET, freePort, PHONE_NUMBER_ID, SECRET, seedDatabase, spawn } from "./whatsapp_setup.ts";

const args = parseFlags(Deno.args);
const load = {
  contacts: args.number("contacts", 1000),
  messages: args.number("messages", 12),
  maxSeconds: args.number("max-seconds", 60),
  replyTimeoutMs: 15_000,
};

const shop = await startFakeShop();
const graph = await startFakeGraph();
const dir = await Deno.makeTempDir({ prefix: "chatwire-bench-" });
try {
  console.log(
    `WhatsApp benchmark: ${load.contacts} contacts × (1 + ${load.messages}) messages, ${cpuName()}`,
  );
  const chatwire = await runChatwire();
  print("chatwire", chatwire.load, chatwire.rssBytes);
  let baseline: Awaited<ReturnType<typeof runBaseline>> | undefined;
  if (!args.flag("skip-baseline")) {
    baseline = await runBaseline();
    print("baseline", baseline.load, baseline.rssBytes);
    console.log(
      `ratio chatwire/baseline throughput: ${
        (throughput(chatwire.load) / throughput(baseline.load)).toFixed(2)
      }`,
    );
  }
  if (chatwire.profile) printProfile(chatwire.profile);
  await save({
    chatwire: figures(chatwire.load, chatwire.rssBytes),
    baseline: baseline && figures(baseline.load, baseline.rssBytes),
    profile: chatwire.profile,
  });
} finally {
  await graph.close();
  await shop.close();
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

async function runChatwire(): Promise<{ load: LoadResult; rssBytes: number; profile?: ProfileSummary }> {
  const channelId = await seedDatabase(dir, shop.url);
  const inspect = args.flag("profile") ? freePort() : undefined;
  const server = await spawn("../main.ts", ["serve"], {
    CHATWIRE_DATA_DIR: dir,
    CHATWIRE_SECRET: SECRET,
    WHATSAPP_GRAPH_URL: graph.url,
    LOG_LEVEL: args.string("log-level", "info"),
  }, inspect ? [`--inspect=127.0.0.1:${inspect}`] : []);
  try {
    const profiler = inspect ? await startProfile(inspect) : undefined;
    const result = await runLoad(`${server.url}/webhooks/whatsapp/${channelId}`, graph, load);
    const profile = await profiler?.stop();
    return { load: result, rssBytes: await server.peakRss(), profile };
  } finally {
    await server.stop();
  }
}

async function runBaseline(): Promise<{ load: LoadResult; rssBytes: number }> {
  // The fake's lists are the matcher's input: start the baseline's count from nothing.
  graph.sent.length = 0;
  graph.attempts.length = 0;
  const server = await spawn("./baseline.ts", [], {
    SHOP_URL: shop.url,
    GRAPH_URL: graph.url,
    APP_SECRET,
    PHONE_NUMBER_ID,
  });
  try {
    const result = await runLoad(`${server.url}/webhooks/whatsapp/1`, graph, load);
    return { load: result, rssBytes: await server.peakRss() };
  } finally {
    await server.stop();
  }
}

function throughput(r: LoadResult): number {
  return r.acknowledged / r.seconds;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function figures(r: LoadResult, rssBytes: number) {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    messages: r.sent,
    acknowledged: r.acknowledged,
    seconds: round(r.seconds),
    messagesPerSecond: round(throughput(r)),
    ackP50Ms: round(percentile(r.ackMs, 50)),
    ackP99Ms: round(percentile(r.ackMs, 99)),
    e2eP50Ms: round(percentile(r.e2eMs, 50)),
    e2eP99Ms: round(percentile(r.e2eMs, 99)),
    expectedReplies: r.expectedReplies,
    lostReplies: r.lost,
    duplicatedReplies: r.duplicated,
    peakRssMiB: round(rssBytes / 1024 / 1024),
  };
}

function print(name: string, r: LoadResult, rssBytes: number): void {
  const f = figures(r, rssBytes);
  console.log(
    `${
      name.padEnd(9)
    } ${f.messagesPerSecond} msg/s (${f.acknowledged}/${f.messages} acknowledged in ${f.seconds} s)` +
      ` | ack p50 ${f.ackP50Ms} ms p99 ${f.ackP99Ms} ms | end-to-end p50 ${f.e2eP50Ms} ms p99 ${f.e2eP99Ms} ms` +
      ` | replies ${f.expectedReplies} expected, ${f.lostReplies} lost, ${f.duplicatedReplies} duplicated` +
      ` | peak RSS ${f.peakRssMiB} MiB`,
  );
}

function printProfile(p: ProfileSummary): void {
  console.log(`\nCPU profile of the Chatwire server (${p.totalMs} ms sampled), self time:`);
  console.log("  by file:");
  for (const f of p.files.slice(0, 15)) {
    console.log(`    ${String(f.share).padStart(5)}%  ${f.ms} ms  ${f.file}`);
  }
  console.log("  libraries and natives by the project function that called them:");
  for (const f of p.callers.slice(0, 15)) {
    console.log(`    ${String(f.share).padStart(5)}%  ${f.ms} ms  ${f.caller}`);
  }
  console.log("  by function:");
  for (const f of p.functions.slice(0, 20)) {
    console.log(`    ${String(f.share).padStart(5)}%  ${f.ms} ms  ${f.name}`);
  }
}

async function save(results: Record<string, unknown>): Promise<void> {
  const folder = new URL("./results/", import.meta.url);
  await Deno.mkdir(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = JSON.stringify(
    { at: new Date().toISOString(), deno: Deno.version.deno, cpu: cpuName(), options: load, ...results },
    null,
    2,
  ) + "\n";
  await Deno.writeTextFile(new URL(`whatsapp-${stamp}.json`, folder), json);
  await Deno.writeTextFile(new URL("latest.json", folder), json);
  console.log(`\nresults: bench/results/whatsapp-${stamp}.json (and latest.json)`);
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
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  };
  return {
    flag: (name: string) => argv.includes(`--${name}`),
    string: (name: string, fallback: string) => value(name) ?? fallback,
    number(name: string, fallback: number): number {
      const n = Number(value(name) ?? fallback);
      if (!Number.isFinite(n) || n < 0) throw new Error(`Cannot read --${name}: expected a number`);
      return n;
    },
  };
}
