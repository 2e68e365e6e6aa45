/**
 * A fetch that connects to an address decided beforehand (DESIGN §4 "Which
 * addresses an API may call"): Deno's own fetch resolves the name again, so
 * a DNS answer could change between the check and the connection (DNS
 * rebinding). node:http and node:https take a `lookup` function, which Deno
 * honours: it answers the checked address, while the Host header, TLS SNI
 * and certificate check keep the URL's hostname.
 *
 * GET and HEAD connections are kept alive in one agent per checked address
 * (protocol, IP, port, hostname): every socket of an agent was opened to
 * that agent's IP, so reusing one can never reach an address that was not
 * checked. Other methods get a fresh connection: Deno's node:http re-sends a
 * request whose reused socket closes before the answer, which must not
 * happen to a POST the server may already have acted on.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";

/** Agents kept; the least recently used one is closed past this. */
const MAX_AGENTS = 64;
/** Matches the API caller's cap of calls in flight per API. */
const MAX_SOCKETS = 16;
/** An idle socket is closed after this, so few linger once traffic stops. */
const IDLE_MS = 4000;

const agents = new Map<string, http.Agent>();

/** A fetch-shaped function. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * How an API call connects to the address the policy checked: `pinnedFetch`
 * here, or the same on another thread (runtime/outbound.ts), which reads at
 * most `maxBodyBytes` + 1 bytes of the answer.
 */
export type Connector = (ip: string, maxBodyBytes: number) => FetchLike;

/** A fetch-shaped function that connects to `ip` whatever the URL's host resolves to. */
export function pinnedFetch(ip: string): FetchLike {
  return (url, init) => request(new URL(url), init, ip);
}

/** Closes every pooled connection (tests, shutdown); later calls open new ones. */
export function closePinnedAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

function agentFor(url: URL, ip: string): http.Agent {
  const secure = url.protocol === "https:";
  const port = url.port || (secure ? "443" : "80");
  const key = [url.protocol, ip, port, url.hostname].join(" ");
  let agent = agents.get(key);
  if (agent) {
    agents.delete(key); // re-inserted below: Map order is the LRU order
  } else {
    const settings = {
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      maxFreeSockets: MAX_SOCKETS,
      timeout: IDLE_MS,
      lookup: pinnedLookup(ip) as never,
    };
    agent = secure ? new https.Agent(settings) : new http.Agent(settings);
  }
  agents.set(key, agent);
  if (agents.size > MAX_AGENTS) {
    const [oldest, old] = agents.entries().next().value!;
    agents.delete(oldest);
    retire(old);
  }
  return agent;
}

/** A `lookup` for node:net that answers `ip` whatever name it is asked. */
function pinnedLookup(ip: string) {
  const family = isIP(ip) === 6 ? 6 : 4;
  return (
    _hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (...args: unknown[]) => void,
  ) => {
    if (typeof options === "object" && options?.all) callback(null, [{ address: ip, family }]);
    else callback(null, ip, family);
  };
}

/** Closes an evicted agent's idle sockets now and its busy ones once their call ends. */
function retire(agent: http.Agent): void {
  for (const list of Object.values(agent.freeSockets)) list?.forEach((s) => s.destroy());
  agent.on("free", (socket) => socket.destroy());
}

function request(url: URL, init: RequestInit, ip: string): Promise<Response> {
  const signal = init.signal ?? undefined;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const method = init.method ?? "GET";
    const pooled = method === "GET" || method === "HEAD";
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method,
      headers: init.headers as Record<string, string>,
      agent: pooled ? agentFor(url, ip) : false,
      lookup: pinnedLookup(ip) as never,
    }, (res) => {
      response = res;
      const headers = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
      }
      const status = res.statusCode ?? 0;
      const empty = [101, 204, 205, 304].includes(status) || init.method === "HEAD";
      if (empty) res.resume();
      // A body left unread (capped, cancelled, aborted) must not put a
      // half-read socket back in the pool.
      res.on("close", () => {
        if (!res.complete) req.destroy();
      });
      const body = empty ? null : Readable.toWeb(res) as ReadableStream<Uint8Array>;
      resolve(new Response(body, { status, statusText: res.statusMessage, headers }));
    });
    let response: http.IncomingMessage | undefined;
    // Destroying `req` closes its socket, so it never goes back to the pool.
    // Deno's node:http would re-send a request whose reused socket closes
    // and then emit no error: clearing `reusedSocket` stops the re-send, and
    // the call is rejected and its body errored here.
    const abort = () => {
      const reason = signal?.reason instanceof Error ? signal.reason : new Error("Aborted");
      reject(reason);
      response?.destroy(reason);
      req.reusedSocket = false;
      req.destroy(reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    req.on("close", () => signal?.removeEventListener("abort", abort));
    req.on("error", reject);
    if (typeof init.body === "string") req.end(init.body);
    else req.end();
  });
}
