/**
 * A V8 CPU profile of the server under test, taken through its inspector
 * (`deno run --inspect`): Deno 2.9 has no `--cpu-prof`, and the inspector's
 * Profiler domain gives the same sampled profile without touching the code.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Where the CPU went: self time by function and by file, in ms and share of samples. */
export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; ms: number; share: number }[];
  files: { file: string; ms: number; share: number }[];
  /** Self time of libraries and natives charged to the nearest project function that called them. */
  callers: { caller: string; ms: number; share: number }[];
}

/** Connects to the inspector on `port`; `stop()` ends the profile and summarises it. */
export async function startProfile(port: number): Promise<{ stop(): Promise<ProfileSummary> }> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = (e) => {
    const message = JSON.parse(e.data);
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  return {
    async stop() {
      const { profile } = await send("Profiler.stop") as { profile: Profile };
      socket.close();
      return summarise(profile);
    },
  };
}

function summarise(profile: Profile): ProfileSummary {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const msPerHit = totalMs / hits;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const frame = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${shortFile(n.callFrame.url)}:${
      n.callFrame.lineNumber + 1
    }`;
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    let up: ProfileNode | undefined = node;
    while (up && !PROJECT.test(up.callFrame.url)) up = parent.get(up.id);
    const caller = up ? frame(up) : node.callFrame.functionName || "(root)";
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + node.hitCount);
  }
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    const file = shortFile(node.callFrame.url);
    const name = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.hitCount);
    byFile.set(file, (byFile.get(file) ?? 0) + node.hitCount);
  }
  const top = <K extends string>(map: Map<string, number>, key: K) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, n]) =>
      ({ [key]: k, ms: Math.round(n * msPerHit), share: Math.round(1000 * n / hits) / 10 }) as
        & Record<K, string>
        & { ms: number; share: number }
    );
  return {
    totalMs: Math.round(totalMs),
    functions: top(byFunction, "name"),
    files: top(byFile, "file"),
    callers: top(byCaller, "caller"),
  };
}

/** Files of this project (not npm packages, not Deno's own `ext:`). */
const PROJECT = /^file:\/\/.*\/(db|runtime|routes|engine|security|views)\/[^/]+\.tsx?$/;

/** `(program)`, `(garbage collector)`, a project path, or the npm package a file belongs to. */
function shortFile(url: string): string {
  if (!url) return "(native)";
  const npm = /node_modules\/\.deno\/([^/]+)\//.exec(url) ??
    /registry\.npmjs\.org\/([^/]+\/[^/]+)\//.exec(url);
  if (npm) return `npm:${npm[1]}`;
  const project = /\/work\/main\/(.+)$/.exec(url) ?? /\/([^/]+\/[^/]+)$/.exec(url);
  return project ? project[1] : url;
}

/** Prints the summary: self time by file, by the project function that called, by function. */
export function printProfile(p: ProfileSummary): void {
  console.log(`\nCPU profile of the Chatwire server's main thread (${p.totalMs} ms sampled), self time:`);
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

/** V8's heap of the server's main isolate now (`Runtime.getHeapUsage` through the inspector on `port`), in MiB. */
export async function heapUsage(port: number): Promise<{ usedMiB: number; totalMiB: number }> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const answer = new Promise<{ usedSize: number; totalSize: number }>((resolve) => {
    socket.onmessage = (e) => {
      const message = JSON.parse(e.data);
      if (message.id === 1) resolve(message.result);
    };
  });
  socket.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage", params: {} }));
  const { usedSize, totalSize } = await answer;
  socket.close();
  const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { usedMiB: mib(usedSize), totalMiB: mib(totalSize) };
}
