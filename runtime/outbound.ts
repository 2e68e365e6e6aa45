/**
 * Outbound HTTP off the main thread: the Graph API's POSTs (the sender's
 * replies) and the connections of API calls (engine/pinned_fetch.ts, to the
 * address the policy checked) run on a thread of their own,
 * runtime/outbound_thread.ts, started by runtime/workers.ts.
 *
 * Why: preparing a request and reading its answer cost the JavaScript
 * thread 35–135 µs each (a Graph POST 35–70, a pinned node:http GET 73, a
 * pinned POST 135; /tmp-free microbenchmark in bench/results/DECISIONS.md),
 * three a message; with the webhook, the turn and every database write on
 * that thread, it was full (0.93 of a core) at 1,340 msg/s while the second
 * core idled. The thread holds no database connection (one writer per file
 * stays true), logs nothing and keeps nothing but the requests in flight;
 * what it is given (an access token, an API's headers) lives only as long
 * as the request. Everything else of a call — the address check, redirects,
 * retries, redaction, the call log — stays where it was, on the main thread.
 */
import type { Connector } from "../engine/pinned_fetch.ts";

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

/** The running thread; `close()` ends it (requests in flight then fail). */
export interface OutboundThread {
  postGraph: GraphPost;
  /** engine/api_caller_attempt.ts's connection to a checked address, made on the thread. */
  connect: Connector;
  close(): void;
}

type Answer = (message: FromOutbound) => void;

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
