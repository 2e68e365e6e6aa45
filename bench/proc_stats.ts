/**
 * What the kernel counts for a process: CPU time of all its threads
 * (`/proc/<pid>/stat` utime + stime, in clock ticks of 10 ms on Linux) and
 * resident memory (`/proc/<pid>/status` VmHWM peak, VmRSS now). CPU time is
 * the benchmark's headline because it is far less disturbed than wall-clock
 * figures when other work shares the cores.
 */

/** Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, every thread) the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Peak and current resident set size, in bytes. */
export function rss(pid: number): { peak: number; now: number } {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { peak: kb("VmHWM"), now: kb("VmRSS") };
  } catch {
    return { peak: 0, now: 0 };
  }
}

/** The machine's load average (1, 5, 15 min), to print beside every figure. */
export function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}

/**
 * CPU time per thread name (`/proc/<pid>/task/<tid>/stat`, the same fields),
 * in ms: shows whether the main thread is the one that is full — a server
 * whose main thread uses a whole core cannot go faster on a second one.
 */
export function threadCpuMs(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        const stat = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/stat`);
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const key = task.name === String(pid) ? "main" : name;
        out[key] = (out[key] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      } catch { /* the thread ended */ }
    }
  } catch { /* the process ended */ }
  return out;
}
