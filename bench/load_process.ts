/**
 * The benchmark's other process: the fake shop, the fake Graph API and the
 * load generator, so the server under test (Chatwire or the baseline, each
 * started the same way by bench/whatsapp_bench.ts) has its process to
 * itself and its CPU time in /proc is its own.
 *
 * Protocol, one JSON object per line: it prints `{"ready":{shopUrl,graphUrl}}`,
 * then reads one `{"run":{…}}` from stdin, runs it, prints `{"result":{…}}`
 * and exits.
 */
import { startFakeGraph } from "../tests/fake_graph.ts";
import { startFakeShop } from "../tests/fake_shop.ts";
import { cpuMs } from "./proc_stats.ts";
import { runBacklog } from "./load_backlog.ts";
import { runRate } from "./load_rate.ts";
import { runLoad } from "./whatsapp_load.ts";

/** A scenario. */
export type LoadSpec =
  | { mode: "burst"; contacts: number; messages: number; maxSeconds: number }
  | { mode: "rate"; rate: number; seconds: number; contacts: number }
  | { mode: "backlog"; messages: number; contacts: number };

/** What the orchestrator asks for: a scenario against a server (and its database file, for the backlog). */
export type LoadRun = LoadSpec & { webhookUrl: string; dbPath?: string };

const shop = await startFakeShop();
const graph = await startFakeGraph();
const say = (message: unknown) => console.log(JSON.stringify(message));
say({ ready: { shopUrl: shop.url, graphUrl: graph.url } });

const run = await readRun();
try {
  const replyTimeoutMs = 15_000;
  const cpu0 = cpuMs(Deno.pid);
  const result = run.mode === "burst"
    ? await runLoad(run.webhookUrl, graph, { ...run, replyTimeoutMs })
    : run.mode === "rate"
    ? await runRate(run.webhookUrl, graph, { ...run, replyTimeoutMs })
    : await runBacklog(run.webhookUrl, graph, { ...run, maxDrainSeconds: 300 });
  say({ result: { ...result, loadProcessCpuMs: Math.round(cpuMs(Deno.pid) - cpu0) } });
} finally {
  await graph.close();
  await shop.close();
}

async function readRun(): Promise<LoadRun> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of Deno.stdin.readable) {
    text += decoder.decode(chunk, { stream: true });
    const line = text.indexOf("\n");
    if (line >= 0) return (JSON.parse(text.slice(0, line)) as { run: LoadRun }).run;
  }
  throw new Error("Cannot run the load: stdin closed before a run was given");
}
Deno.exit(0);
