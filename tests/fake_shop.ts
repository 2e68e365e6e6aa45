/**
 * A fake external "shop" API on 127.0.0.1 for tests: the REST API a
 * customer's bot would call. Start it, point an API's URL at `shop.url`,
 * and read `shop.calls` to see what Chatwire sent.
 *
 * Routes:
 * - `GET /orders/{id}` → 200 with an order when `id` starts with a digit
 *   from 0 to 8 and is neither `404` nor `0000`; every other id (`404`,
 *   `0000`, `9…`, letters) → 404 `{"error":"not found"}`.
 * - `GET /customers/{id}/orders` → 200 `{ customer, orders: [...] }` with as
 *   many orders as the number ending the id (`ada12` → 12, `ada0` → none;
 *   no number → 2), see `customerOrders`.
 * - `* /echo` (any method, any sub-path) → 200 with the request as JSON
 *   `{ method, path, query, headers, body }`, to check what was sent.
 * - anything else → 404 `{"error":"not found"}`.
 *
 * Modes (`setMode`) change every route: `"ok"` (default) as above,
 * `"fail"` → 500 `{"error":"boom"}`, `"slow"` → answers as `"ok"` after
 * 3 s (cut short by `close()`).
 *
 * @example
 * const shop = await startFakeShop();
 * try { … fetch(`${shop.url}/orders/123`) … } finally { await shop.close(); }
 */

/** One request the shop received. Header names are lower-case. */
export interface ShopCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export type ShopMode = "ok" | "fail" | "slow";

export interface FakeShop {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  calls: ShopCall[];
  setMode(mode: ShopMode): void;
  close(): Promise<void>;
}

/** How long the "slow" mode waits before answering. */
export const SLOW_MS = 3000;

/** The order the shop answers for `id`. */
export function fakeOrder(id: string) {
  return {
    id,
    status: "shipped",
    totals: { grand: 42.5, currency: "EUR" },
    items: [
      { sku: "A1", name: "Mug", qty: 2 },
      { sku: "B2", name: "Tea", qty: 1 },
    ],
    customer: { name: "Ada" },
  };
}

/** The orders the shop lists for a customer: ids 1001…, alternating paid/shipped. */
export function customerOrders(customer: string) {
  const count = Number(/(\d+)$/.exec(customer)?.[1] ?? 2);
  return Array.from({ length: count }, (_, i) => ({
    id: String(1001 + i),
    status: i % 2 === 0 ? "paid" : "shipped",
    total: 10 + i * 5,
  }));
}

/** Starts the shop on a free loopback port. */
export function startFakeShop(): Promise<FakeShop> {
  const calls: ShopCall[] = [];
  const closing = new AbortController();
  let mode: ShopMode = "ok";

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const call: ShopCall = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    };
    calls.push(call);
    if (mode === "fail") {
      return Response.json({ error: "boom" }, { status: 500 });
    }
    if (mode === "slow") await delay(SLOW_MS, closing.signal);
    if (url.pathname === "/echo" || url.pathname.startsWith("/echo/")) {
      return Response.json(call);
    }
    const customer = /^\/customers\/([^/]+)\/orders$/.exec(url.pathname);
    if (request.method === "GET" && customer) {
      const id = decodeURIComponent(customer[1]);
      return Response.json({ customer: id, orders: customerOrders(id) });
    }
    const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (request.method === "GET" && order) {
      const id = decodeURIComponent(order[1]);
      if (/^[0-8]/.test(id) && id !== "404" && id !== "0000") {
        return Response.json(fakeOrder(id));
      }
    }
    return Response.json({ error: "not found" }, { status: 404 });
  }

  return new Promise((resolve) => {
    const server = Deno.serve({
      port: 0,
      hostname: "127.0.0.1",
      signal: closing.signal,
      onListen({ port }) {
        resolve({
          url: `http://127.0.0.1:${port}`,
          calls,
          setMode(next) {
            mode = next;
          },
          async close() {
            closing.abort();
            await server.finished;
          },
        });
      },
    }, handle);
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
