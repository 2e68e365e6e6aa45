import assert from "node:assert/strict";
import { callApi } from "./api_caller.ts";
import { urlProblem } from "./bot_document_url.ts";
import { renderUrl } from "./template_url.ts";
import type { ApiDef } from "./types.ts";

const VALUES = { host: "evil.example", p: ":6379", h: "evil.example" };

function api(url: string): ApiDef {
  return {
    name: "Get order",
    method: "GET",
    url,
    query: [],
    headers: [],
    body: null,
    auth: { type: "bearer", token: "secret-token" },
    timeoutMs: 1000,
    mappings: [],
  };
}

async function refusedEverywhere(url: string) {
  assert.notEqual(urlProblem(url), null, `saving ${JSON.stringify(url)} is refused`);
  const rendered = renderUrl(url, VALUES);
  assert.equal(
    typeof rendered,
    "object",
    `rendering ${JSON.stringify(url)} gave ${JSON.stringify(rendered)}`,
  );
  let fetched = 0;
  const result = await callApi(api(url), VALUES, {
    fetch: () => {
      fetched++;
      return Promise.resolve(new Response("stolen"));
    },
  });
  assert.equal(result.status, 0);
  assert.match(result.error ?? "", /^Invalid URL/);
  assert.equal(fetched, 0, "the bearer token never leaves");
}

Deno.test("host injection: http:///{{host}}/orders is refused at save and at call time", async () => {
  await refusedEverywhere("http:///{{host}}/orders");
  assert.match(
    urlProblem("http:///{{host}}/orders")!,
    /^Placeholders are not allowed in the scheme, host or port/,
  );
  // Tabs and line breaks are dropped by URL parsing, so they cannot hide the empty host.
  await refusedEverywhere("http://\t/{{host}}/orders");
  await refusedEverywhere("https://\n/{{host}}");
  await refusedEverywhere("http:///evil.example/orders");
  await refusedEverywhere("http://user@/{{host}}");
});

Deno.test("port injection: http://127.0.0.1{{p}}/x is refused at save and at call time", async () => {
  await refusedEverywhere("http://127.0.0.1{{p}}/x");
  await refusedEverywhere("http://127.0.0.1:{{p}}/x");
  await refusedEverywhere("http://{{ h }}/x");
  await refusedEverywhere("http://a.example\\{{h}}/x");
});

Deno.test("renderUrl() keeps the template's scheme, host and port whatever the values", () => {
  for (const value of ["@evil.example", "//evil.example", ":1", "\\evil.example", "%2F%2Fevil"]) {
    const url = renderUrl("http://shop.example:8080/{{v}}?q={{v}}", { v: value });
    assert.equal(typeof url, "string");
    const parsed = new URL(url as string);
    assert.equal(parsed.host, "shop.example:8080", `${value} → ${url}`);
  }
  assert.equal(urlProblem("https://shop.example.com/orders/{{order_id}}"), null);
  assert.equal(urlProblem("http://[::1]:8080/x"), null);
});
