/**
 * A fetch that connects to an address decided beforehand (DESIGN §4 "Which
 * addresses an API may call"): Deno's own fetch resolves the name again, so
 * a DNS answer could change between the check and the connection (DNS
 * rebinding). node:http and node:https take a `lookup` function, which Deno
 * honours: it answers the checked address, while the Host header, TLS SNI
 * and certificate check keep the URL's hostname.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";

/** A fetch-shaped function that connects to `ip` whatever the URL's host resolves to. */
export function pinnedFetch(ip: string): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => request(new URL(url), init, ip);
}

function request(url: URL, init: RequestInit, ip: string): Promise<Response> {
  const secure = url.protocol === "https:";
  const family = isIP(ip) === 6 ? 6 : 4;
  const lookup = (
    _hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (...args: unknown[]) => void,
  ) => {
    if (typeof options === "object" && options?.all) callback(null, [{ address: ip, family }]);
    else callback(null, ip, family);
  };
  const signal = init.signal ?? undefined;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const req = (secure ? https : http).request(url, {
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string>,
      lookup: lookup as never,
      // A fresh connection each time: no pooled socket opened for another answer of the name is reused.
      agent: false,
    }, (res) => {
      const headers = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
      }
      const status = res.statusCode ?? 0;
      const empty = [101, 204, 205, 304].includes(status) || init.method === "HEAD";
      if (empty) res.resume();
      const body = empty ? null : Readable.toWeb(res) as ReadableStream<Uint8Array>;
      resolve(new Response(body, { status, statusText: res.statusMessage, headers }));
    });
    const abort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("Aborted"));
    signal?.addEventListener("abort", abort, { once: true });
    req.on("close", () => signal?.removeEventListener("abort", abort));
    req.on("error", reject);
    if (typeof init.body === "string") req.end(init.body);
    else req.end();
  });
}
