/**
 * The API caller's overhead per call: callApi() against a local fake shop
 * versus a bare fetch() of the same URL, interleaved in one run.
 * Prints JSON figures; never fails on time.
 *
 *   deno run -A bench/api_caller_bench.ts [--calls 2000]
 */
import { callApi } from "../engine/api_caller.ts";
import type { ApiDef } from "../engine/types.ts";
import { startFakeShop } from "../tests/fake_shop.ts";

const calls = Number(Deno.args[Deno.args.indexOf("--calls") + 1]) || 2000;
const shop = await startFakeShop();

const api: ApiDef = {
  name: "Get order",
  method: "GET",
  url: `${shop.url}/orders/{{order_id}}`,
  query: [{ key: "lang", value: "en" }],
  headers: [{ key: "Accept", value: "application/json" }],
  body: null,
  auth: { type: "bearer", token: "secret-token" },
  timeoutMs: 10_000,
  mappings: [],
};
const url = `${shop.url}/orders/123?lang=en`;
const headers = { Accept: "application/json", Authorization: "Bearer secret-token" };

async function bare(): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  await res.json();
  return performance.now() - t;
}

async function caller(): Promise<number> {
  const t = performance.now();
  const result = await callApi(api, { order_id: "123" }, { blockPrivateNetworks: false });
  if (result.status !== 200) throw new Error(`Unexpected status ${result.status}: ${result.error}`);
  return performance.now() - t;
}

for (let i = 0; i < 200; i++) await (i % 2 ? bare() : caller()); // warm up both paths
const times = { bare: [] as number[], callApi: [] as number[] };
for (let i = 0; i < calls; i++) {
  times.bare.push(await bare());
  times.callApi.push(await caller());
}
await shop.close();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 1000) / 1000;
};
const summary = (xs: number[]) => ({ medianMs: pct(xs, 0.5), p99Ms: pct(xs, 0.99) });
const result = {
  calls,
  bareFetch: summary(times.bare),
  callApi: summary(times.callApi),
  overheadMedianMs: Math.round((pct(times.callApi, 0.5) - pct(times.bare, 0.5)) * 1000) / 1000,
  overheadP99Ms: Math.round((pct(times.callApi, 0.99) - pct(times.bare, 0.99)) * 1000) / 1000,
};
console.log(JSON.stringify(result, null, 2));
