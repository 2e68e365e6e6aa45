/**
 * How the sender posts a reply to the Graph API: one HTTP POST, its status
 * and body text, or status 0 and why nothing came back. Two ways, the same
 * answers: `postInProcess` (fetch on this thread) and `startGraphThread`
 * (the same fetch on a thread of its own, runtime/graph_thread.ts).
 *
 * Why a thread: a send is asynchronous I/O, but preparing the request and
 * reading the answer cost the JavaScript thread about 150 µs each, two sends
 * a message; with the webhook, the turn and every database write on the same
 * thread, that thread was full (0.93 of a core) at 1,340 msg/s while the
 * second core idled. The thread holds no database connection (one writer
 * per file stays true) and no secret beyond the access token of the reply
 * in flight; bench/results/DECISIONS.md has the figures.
 */

/** What one POST came to. */
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

/** The POST itself, on whichever thread runs it. Status 0: no answer, `text` says why. */
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

/** On this thread (tests that start a sender by hand, and a fallback). */
export const postInProcess: GraphPost = (url, token, body, signal) =>
  postToGraph(url, token, body, AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), signal]));

/** What the main thread tells the Graph thread. */
export type ToGraphThread =
  | { type: "post"; id: number; url: string; token: string; body: string }
  | { type: "abort"; id: number };

/** What the Graph thread answers: one per post. */
export type FromGraphThread = { id: number } & GraphAnswer;

/** A thread that makes the POSTs; `close()` ends it (posts in flight answer status 0). */
export interface GraphThread {
  post: GraphPost;
  close(): void;
}

/** Starts the thread (runtime/graph_thread.ts; `deno compile` includes it, see deno.json). */
export function startGraphThread(): GraphThread {
  const worker = new Worker(new URL("./graph_thread.ts", import.meta.url).href, { type: "module" });
  const waiting = new Map<number, (answer: GraphAnswer) => void>();
  let next = 0;
  let closed = false;
  worker.onmessage = (event: MessageEvent<FromGraphThread>) => {
    const { id, status, text } = event.data;
    const resolve = waiting.get(id);
    waiting.delete(id);
    resolve?.({ status, text });
  };
  worker.onerror = (event) => {
    // A thread that died answers nothing more: what waits gets status 0 (retried), later posts run here.
    event.preventDefault();
    closed = true;
    for (const resolve of waiting.values()) {
      resolve({ status: 0, text: `Graph thread failed: ${event.message}` });
    }
    waiting.clear();
  };
  const send = (message: ToGraphThread) => worker.postMessage(message);
  return {
    post(url, token, body, signal) {
      if (closed) return postInProcess(url, token, body, signal);
      if (signal.aborted) return Promise.resolve({ status: 0, text: "Cannot reach the Graph API: aborted" });
      const id = ++next;
      return new Promise<GraphAnswer>((resolve) => {
        const abort = () => send({ type: "abort", id });
        signal.addEventListener("abort", abort, { once: true });
        waiting.set(id, (answer) => {
          signal.removeEventListener("abort", abort);
          resolve(answer);
        });
        send({ type: "post", id, url, token, body });
      });
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
      for (const resolve of waiting.values()) {
        resolve({ status: 0, text: "Cannot reach the Graph API: stopped" });
      }
      waiting.clear();
    },
  };
}
