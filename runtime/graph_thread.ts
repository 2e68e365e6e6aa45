/// <reference lib="deno.worker" />
/**
 * The Graph API's POSTs on a thread of their own (started by
 * runtime/graph_post.ts): fetch and nothing else — no database, no logs,
 * no state beyond the requests in flight.
 */
import { type FromGraphThread, postToGraph, SEND_TIMEOUT_MS, type ToGraphThread } from "./graph_post.ts";

const inFlight = new Map<number, AbortController>();

self.onmessage = async (event: MessageEvent<ToGraphThread>) => {
  const message = event.data;
  if (message.type === "abort") return inFlight.get(message.id)?.abort();
  const stop = new AbortController();
  inFlight.set(message.id, stop);
  const timer = setTimeout(
    () => stop.abort(new Error(`no answer in ${SEND_TIMEOUT_MS / 1000} s`)),
    SEND_TIMEOUT_MS,
  );
  const answer = await postToGraph(message.url, message.token, message.body, stop.signal);
  clearTimeout(timer);
  inFlight.delete(message.id);
  self.postMessage({ id: message.id, ...answer } satisfies FromGraphThread);
};
