/**
 * Outbound HTTP, on the main thread or off it: the Graph API's POSTs (the
 * sender's replies) and the connections of API calls (engine/pinned_fetch.ts,
 * to the address the policy checked) run here while the main thread has
 * time, and on a thread of their own (runtime/outbound_thread.ts) while it is
 * busy.
 *
 * Why both (bench/results/DECISIONS.md has the figures): in a burst the main
 * thread — webhooks, turns, every database write — was full (0.93 of a core)
 * at 1,340 msg/s while the second core idled, and these requests are about a
 * fifth of its work; on the thread the burst ran 14 % faster. But a request
 * handed to a sleeping thread costs that thread 3–4 times what it costs the
 * busy main thread (waking it, cold caches): at a steady 300 msg/s the
 * thread used 744 µs a message and the server 15 % more CPU in all. So the
 * thread is used only once the main thread's CPU share (from
 * /proc/thread-self, over a second) is over 0.9 of a core — saturated, as
 * only a burst makes it — until it is under 0.75; it is started the first
 * time. (At 300 msg/s the main thread runs at 0.5–0.7 of a core: with a
 * lower bar the thread stayed on and cost 700 µs a message.)
 *
 * The thread holds no database connection (one writer per file stays true),
 * logs nothing and keeps nothing but the requests in flight; what it is
 * given (an access token, an API's headers) lives only as long as the
 * request. Everything else of a call — the address check, redirects,
 * retries, redaction, the call log — stays on the main thread.
 */
import { type Connector, pinnedFetch } from "../engine/pinned_fetch.ts";

/** What one Graph POST came to: status 0 when no answer came, `text` then says why. */
export type GraphAnswer = { status: number; text: string };

/** Posts `body` (JSON text) to `url` with the bearer `token`; never throws. */
export type GraphPost = (
  url: string,
  token: string,
  body: string,
  signal: AbortSignal,
) => Promise<GraphAnswer>;

/** A send that takes longer is abandoned and retried (it may then arrive twice). */
export const SEND_TIMEOUT_MS = 30_000;

/** The POST itself, on whichever thread runs it. */
export async function postToGraph(
  url: string,
  token: string,
  body: string,
  signal: AbortSignal,
): Promise<GraphAnswer> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      signal,
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 0, text: `Cannot reach the Graph API: ${(error as Error).message}` };
  }
}

/** On this thread (a sender started by hand in tests, and after the thread failed). */
export const postInProcess: GraphPost = (url, token, body, signal) =>
  postToGraph(url, token, body, AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), signal]));

/** A request of an API call, as engine/pinned_fetch.ts makes it. */
export interface PinnedRequest {
  ip: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The thread reads at most this + 1 bytes of the answer (enough to tell it was cut). */
  maxBodyBytes: number;
}

/** What the main thread tells the outbound thread. */
export type ToOutbound =
  | { type: "graph"; id: number; url: string; token: string; body: string }
  | ({ type: "request"; id: number } & PinnedRequest)
  | { type: "abort"; id: number };

/** What the thread answers, once per request. */
export type FromOutbound =
  | ({ type: "graph"; id: number } & GraphAnswer)
  | {
    type: "response";
    id: number;
    status: number;
    statusText: string;
    headers: [string, string][];
    body: Uint8Array<ArrayBuffer> | null;
  }
  | { type: "error"; id: number; message: string; cause: string };

/** Where outbound requests go; `close()` ends the thread if one started (its requests in flight then fail). */
export interface OutboundThread {
  postGraph: GraphPost;
  /** engine/api_caller_attempt.ts's connection to a checked address, made on the thread. */
  connect: Connector;
  close(): void;
}

type Answer = (message: FromOutbound) => void;

/** Main thread CPU share over which requests go to the thread, and under which they come back. */
const BUSY_ABOVE = 0.9;
const IDLE_BELOW = 0.75;
/** How often the main thread's CPU time is read (one /proc read, ~20 µs); /proc counts in 10 ms ticks. */
const SAMPLE_MS = 1000;

/**
 * Requests on this thread while it has time, on the outbound thread while
 * it is busy (see above). `busy` replaces the /proc measure (tests).
 */
export function startOutbound(options: { busy?: () => boolean } = {}): OutboundThread {
  const busy = options.busy ?? mainThreadBusy();
  let thread: OutboundThread | undefined;
  const offMain = () => busy() ? thread ??= startOutboundThread() : undefined;
  return {
    postGraph: (url, token, body, signal) =>
      (offMain()?.postGraph ?? postInProcess)(url, token, body, signal),
    connect: (ip, maxBodyBytes) => (url, init) =>
      (offMain()?.connect(ip, maxBodyBytes) ?? pinnedFetch(ip))(url, init),
    close: () => thread?.close(),
  };
}

/**
 * Whether the main thread used more than 0.9 of a core lately (and, once so, until under 0.75), from its CPU
 * time in /proc (Linux; elsewhere it never counts as busy and everything runs
 * on it).
 */
export function mainThreadBusy(limits = { above: BUSY_ABOVE, below: IDLE_BELOW }): () => boolean {
  const now = () => performance.now();
  // The thread that runs this isolate (in `deno test` not the process's main thread).
  const stat = "/proc/thread-self/stat";
  const cpuMs = () => {
    try {
      const text = Deno.readTextFileSync(stat);
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  let last = { at: now(), cpu: cpuMs() };
  let busy = false;
  return () => {
    const at = now();
    if (last.cpu === undefined || at - last.at < SAMPLE_MS) return busy;
    const cpu = cpuMs()!;
    const share = (cpu - last.cpu) / (at - last.at);
    busy = busy ? share > limits.below : share > limits.above;
    last = { at, cpu };
    return busy;
  };
}

/** Starts the thread (runtime/outbound_thread.ts; `deno task compile` includes it, see deno.json). */
export function startOutboundThread(): OutboundThread {
  const worker = new Worker(new URL("./outbound_thread.ts", import.meta.url).href, { type: "module" });
  const waiting = new Map<number, Answer>();
  let next = 0;
  let closed = false;
  const failAll = (why: string) => {
    for (const [id, answer] of waiting) answer({ type: "error", id, message: why, cause: "" });
    waiting.clear();
  };
  worker.onmessage = (event: MessageEvent<FromOutbound>) => {
    const answer = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    answer?.(event.data);
  };
  worker.onerror = (event) => {
    // A thread that died answers nothing more: what waits fails (and is retried), later requests run here.
    event.preventDefault();
    closed = true;
    failAll(`Outbound thread failed: ${event.message}`);
  };
  const ask = (message: ToOutbound, transfer: Transferable[] = []) => worker.postMessage(message, transfer);

  /** Sends `message` and waits for its answer; an abort of `signal` is passed on to the thread. */
  const request = (build: (id: number) => ToOutbound, signal: AbortSignal | undefined, answered: Answer) => {
    const id = ++next;
    const abort = () => ask({ type: "abort", id });
    signal?.addEventListener("abort", abort, { once: true });
    waiting.set(id, (message) => {
      signal?.removeEventListener("abort", abort);
      answered(message);
    });
    ask(build(id));
  };

  return {
    postGraph(url, token, body, signal) {
      if (closed) return postInProcess(url, token, body, signal);
      if (signal.aborted) return Promise.resolve({ status: 0, text: "Cannot reach the Graph API: aborted" });
      return new Promise((resolve) =>
        request((id) => ({ type: "graph", id, url, token, body }), signal, (message) =>
          resolve(
            message.type === "graph" ? { status: message.status, text: message.text } : {
              status: 0,
              text: `Cannot reach the Graph API: ${message.type === "error" ? message.message : "?"}`,
            },
          ))
      );
    },
    connect(ip, maxBodyBytes) {
      return (url, init) => {
        const signal = init.signal ?? undefined;
        if (closed) return Promise.reject(new Error("Outbound thread stopped"));
        if (signal?.aborted) return Promise.reject(signal.reason);
        return new Promise<Response>((resolve, reject) => {
          // Like fetch: an abort rejects at once, whatever the thread is doing.
          const aborted = () =>
            reject(signal?.reason instanceof Error ? signal.reason : new Error("Aborted"));
          signal?.addEventListener("abort", aborted, { once: true });
          request(
            (id) => ({
              type: "request",
              id,
              ip,
              url,
              method: init.method ?? "GET",
              headers: (init.headers ?? {}) as Record<string, string>,
              body: typeof init.body === "string" ? init.body : undefined,
              maxBodyBytes,
            }),
            signal,
            (message) => {
              signal?.removeEventListener("abort", aborted);
              if (message.type === "response") {
                resolve(
                  new Response(message.body, {
                    status: message.status,
                    statusText: message.statusText,
                    headers: message.headers,
                  }),
                );
              } else if (message.type === "error") {
                reject(new Error(message.message, { cause: message.cause || undefined }));
              } else reject(new Error("Outbound thread answered a request with a Graph answer"));
            },
          );
        });
      };
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
      failAll("Outbound thread stopped");
    },
  };
}
