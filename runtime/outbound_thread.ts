/// <reference lib="deno.worker" />
/**
 * Outbound HTTP on a thread of its own (started by runtime/outbound.ts):
 * Graph POSTs with fetch, API calls through engine/pinned_fetch.ts to the
 * address the main thread checked. No database, no logs, no state beyond
 * the requests in flight.
 */
import { pinnedFetch } from "../engine/pinned_fetch.ts";
import {
  type FromOutbound,
  type PinnedRequest,
  postToGraph,
  SEND_TIMEOUT_MS,
  type ToOutbound,
} from "./outbound.ts";

const inFlight = new Map<number, AbortController>();
// Bodies are copied, not transferred: node:http's chunks may share one pooled buffer.
const answer = (message: FromOutbound) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToOutbound>) => {
  const message = event.data;
  if (message.type === "abort") return inFlight.get(message.id)?.abort(new Error("Aborted"));
  const stop = new AbortController();
  inFlight.set(message.id, stop);
  try {
    if (message.type === "graph") {
      // The main thread's timeout lives here: one timer, no AbortSignal.any per send.
      const timer = setTimeout(
        () => stop.abort(new Error(`no answer in ${SEND_TIMEOUT_MS / 1000} s`)),
        SEND_TIMEOUT_MS,
      );
      const result = await postToGraph(message.url, message.token, message.body, stop.signal);
      clearTimeout(timer);
      answer({ type: "graph", id: message.id, ...result });
    } else {
      // The API's own timeout runs on the main thread (engine/api_caller_attempt.ts) and arrives as an abort.
      answer(await request(message, stop.signal));
    }
  } catch (error) {
    const e = error as Error;
    answer({
      type: "error",
      id: message.id,
      message: e?.message ?? String(error),
      cause: String(e?.cause ?? ""),
    });
  } finally {
    inFlight.delete(message.id);
  }
};

async function request(message: PinnedRequest & { id: number }, signal: AbortSignal): Promise<FromOutbound> {
  const response = await pinnedFetch(message.ip)(message.url, {
    method: message.method,
    headers: message.headers,
    body: message.body,
    redirect: "manual",
    signal,
  });
  return {
    type: "response",
    id: message.id,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body: response.body ? await readUpTo(response, message.maxBodyBytes + 1) : null,
  };
}

/** The body's first `limit` bytes; the rest is not read. */
async function readUpTo(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    const kept = value.subarray(0, limit - size);
    chunks.push(kept);
    size += kept.length;
  }
  if (size >= limit) await reader.cancel();
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
