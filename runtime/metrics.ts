/**
 * Process-wide counters and histograms in Prometheus' text format. Cheap
 * enough for the hot path: a map lookup and an add.
 */
type Labels = Record<string, string>;

const counters = new Map<string, Map<string, number>>();
const histograms = new Map<string, Map<string, { buckets: number[]; sum: number; count: number }>>();
const gauges = new Map<string, () => number | Promise<number>>();
const help = new Map<string, string>();

/** Latency buckets in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function key(labels: Labels): string {
  return Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`).join(",");
}

/** Adds `by` to a counter, e.g. `inc("chatwire_sends_total", { result: "sent" })`. */
export function inc(name: string, labels: Labels = {}, by = 1): void {
  if (forward) return forward({ kind: "inc", name, labels, by });
  let series = counters.get(name);
  if (!series) counters.set(name, series = new Map());
  const k = key(labels);
  series.set(k, (series.get(k) ?? 0) + by);
}

/** Records one observation (in seconds) in a histogram. */
export function observe(name: string, seconds: number, labels: Labels = {}): void {
  if (forward) return forward({ kind: "observe", name, labels, seconds });
  let series = histograms.get(name);
  if (!series) histograms.set(name, series = new Map());
  const k = key(labels);
  let h = series.get(k);
  if (!h) series.set(k, h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 });
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) h.buckets[i]++;
  h.sum += seconds;
  h.count++;
}

/** Registers a gauge read at scrape time (e.g. the outbox depth from the database). */
export function gauge(name: string, read: () => number | Promise<number>, description?: string): void {
  gauges.set(name, read);
  if (description) help.set(name, description);
}

/** Sets the HELP text shown for a metric. */
export function describe(name: string, description: string): void {
  help.set(name, description);
}

/** Renders every metric in the Prometheus text exposition format. */
export async function renderMetrics(): Promise<string> {
  const lines: string[] = [];
  const header = (name: string, type: string) => {
    if (help.has(name)) lines.push(`# HELP ${name} ${help.get(name)}`);
    lines.push(`# TYPE ${name} ${type}`);
  };
  const series = (name: string, k: string, value: number) =>
    lines.push(`${name}${k ? `{${k}}` : ""} ${value}`);
  for (const [name, s] of counters) {
    header(name, "counter");
    for (const [k, v] of s) series(name, k, v);
  }
  for (const [name, s] of histograms) {
    header(name, "histogram");
    for (const [k, h] of s) {
      const sep = k ? "," : "";
      BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${k}${sep}le="${b}"} ${h.buckets[i]}`));
      lines.push(`${name}_bucket{${k}${sep}le="+Inf"} ${h.count}`);
      series(`${name}_sum`, k, h.sum);
      series(`${name}_count`, k, h.count);
    }
  }
  for (const [name, read] of gauges) {
    header(name, "gauge");
    series(name, "", await read());
  }
  return lines.join("\n") + "\n";
}

/** Forgets every recorded value (tests only). */
export function resetMetrics(): void {
  counters.clear();
  histograms.clear();
}

/** One recorded value, as a worker thread forwards it to the main thread's registry. */
export type MetricEvent =
  | { kind: "inc"; name: string; labels: Labels; by: number }
  | { kind: "observe"; name: string; labels: Labels; seconds: number };

let forward: ((event: MetricEvent) => void) | undefined;

/** In a worker thread: send every value to `sink` (the main thread serves /metrics). */
export function forwardMetrics(sink: (event: MetricEvent) => void): void {
  forward = sink;
}

/** On the main thread: records a value a worker thread forwarded. */
export function applyMetric(event: MetricEvent): void {
  if (event.kind === "inc") inc(event.name, event.labels, event.by);
  else observe(event.name, event.seconds, event.labels);
}
