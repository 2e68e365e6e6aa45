import assert from "node:assert/strict";
import { checkJsonTemplate, type RenderedRequest, renderRequest, renderText } from "./template.ts";
import type { ApiDef } from "./types.ts";

const HOSTILE = [
  "../x",
  "a&b=c#d",
  '"},"evil":true,"x":{"',
  "..",
  ".",
  "/",
  "?q=1",
  "é🙂中",
  "",
];

function api(patch: Partial<ApiDef> = {}): ApiDef {
  return {
    name: "Get order",
    method: "GET",
    url: "https://shop.example.com/orders/{{order_id}}",
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 10000,
    mappings: [],
    ...patch,
  };
}

function ok(result: RenderedRequest | { error: string }): RenderedRequest {
  if ("error" in result) throw new Error(result.error);
  return result;
}

Deno.test("renderText() substitutes names with spaces, sys names, unknown as empty", () => {
  assert.equal(
    renderText("Order {{ order_id }} for {{sys.phone}}: {{missing}}{{total}}", {
      order_id: "A&1",
      "sys.phone": "491701234",
      total: 42.5,
    }),
    "Order A&1 for 491701234: 42.5",
  );
});

Deno.test("renderRequest() keeps a hostile value inside one path segment", () => {
  for (const value of HOSTILE) {
    const result = renderRequest(
      api({ url: "https://shop.example.com/v1/orders/{{order_id}}/items" }),
      {
        order_id: value,
      },
    );
    if (value === ".." || value === ".") {
      assert.match((result as { error: string }).error, /path segment/);
      continue;
    }
    const url = new URL(ok(result).url);
    assert.equal(url.host, "shop.example.com");
    assert.equal(url.search, "", value);
    const segments = url.pathname.split("/");
    assert.equal(segments.length, 5, value);
    assert.equal(decodeURIComponent(segments[3]), value);
    assert.equal(segments[4], "items");
  }
});

Deno.test("renderRequest() refuses dot segments in any encoding made by a placeholder", () => {
  for (const value of ["%2e%2E", ".%2e"]) {
    // "%" itself is encoded, so these stay data rather than dots.
    const url = new URL(ok(renderRequest(api(), { order_id: value })).url);
    assert.equal(url.pathname.split("/").length, 3);
  }
  const joined = renderRequest(api({ url: "https://x.test/a/{{p}}{{q}}/b" }), {
    p: ".",
    q: ".",
  });
  assert.ok("error" in joined);
});

Deno.test("renderRequest() refuses placeholders in scheme, host and port", () => {
  for (
    const url of [
      "https://{{host}}/x",
      "https://shop.example.com:{{port}}/x",
      "{{scheme}}://x.test/",
      "https://a{{b}}.test/",
    ]
  ) {
    const result = renderRequest(api({ url }), {
      host: "evil.test",
      port: "1",
      scheme: "http",
      b: "x",
    });
    assert.ok("error" in result, url);
  }
  assert.ok("error" in renderRequest(api({ url: "ftp://x.test/" }), {}));
  assert.ok("error" in renderRequest(api({ url: "/relative" }), {}));
});

Deno.test("renderRequest() encodes query values as one value, in the URL and in rows", () => {
  for (const value of HOSTILE) {
    const rendered = ok(renderRequest(
      api({
        url: "https://shop.example.com/search?q={{term}}&page=1",
        query: [{ key: "lang", value: "{{term}}" }, { key: "k", value: "v" }],
      }),
      { term: value },
    ));
    const url = new URL(rendered.url);
    assert.deepEqual(
      [...url.searchParams.keys()],
      ["q", "page", "lang", "k"],
      value,
    );
    assert.equal(url.searchParams.get("q"), value);
    assert.equal(url.searchParams.get("lang"), value);
    assert.equal(url.hash, "");
  }
});

Deno.test("renderRequest() fails a header value with CR, LF or control characters", () => {
  for (
    const value of ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\u0000b", "a\u007fb"]
  ) {
    const result = renderRequest(
      api({ headers: [{ key: "X-Name", value: "{{name}}" }] }),
      { name: value },
    );
    assert.ok("error" in result);
    assert.match(result.error, /Bad header "X-Name"/);
  }
  const fine = ok(
    renderRequest(api({ headers: [{ key: "X-Name", value: "{{name}}" }] }), {
      name: "é🙂 a&b",
    }),
  );
  assert.equal(fine.headers["X-Name"], "%C3%A9%F0%9F%99%82 a&b");
});

Deno.test("renderRequest() escapes values inside JSON strings so the keys stay the same", () => {
  for (const value of [...HOSTILE, "\\", "line\nbreak", "\u2028"]) {
    const rendered = ok(renderRequest(
      api({
        method: "POST",
        body: {
          type: "json",
          template: '{"note": "Note: {{note}}", "n": {{n}}}',
        },
      }),
      { note: value, n: 1 },
    ));
    const parsed = JSON.parse(rendered.body!);
    assert.deepEqual(Object.keys(parsed), ["note", "n"]);
    assert.equal(parsed.note, `Note: ${value}`);
    assert.equal(rendered.headers["Content-Type"], "application/json");
  }
});

Deno.test("renderRequest() turns standalone JSON placeholders into literals", () => {
  const template =
    '{"id": {{order_id}}, "qty": {{qty}}, "gift": {{gift}}, "paid": {{paid}}, "x": [{{missing}}, {{inf}}, {{status}}]}';
  const rendered = ok(renderRequest(
    api({ method: "POST", body: { type: "json", template } }),
    {
      order_id: '"},"evil":true,"x":{"',
      qty: "3",
      gift: "true",
      paid: true,
      inf: "Infinity",
      "sys.status": 0,
      status: 200,
    },
    { attributeTypes: { qty: "number", gift: "boolean", inf: "number" } },
  ));
  assert.deepEqual(JSON.parse(rendered.body!), {
    id: '"},"evil":true,"x":{"',
    qty: 3,
    gift: true,
    paid: true,
    x: ["", "Infinity", 200],
  });
  const notNumber = ok(renderRequest(
    api({ method: "POST", body: { type: "json", template: "{{qty}}" } }),
    { qty: "12abc" },
    { attributeTypes: { qty: "number" } },
  ));
  assert.equal(JSON.parse(notNumber.body!), "12abc");
});

Deno.test("renderRequest() refuses a JSON template that is not JSON", () => {
  const result = renderRequest(
    api({
      method: "POST",
      body: { type: "json", template: '{"a": {{x}} "b": 1}' },
    }),
    { x: 1 },
  );
  assert.ok("error" in result);
  assert.match(result.error, /Invalid JSON body/);
});

Deno.test("renderRequest() urlencodes form fields as single values", () => {
  for (const value of HOSTILE) {
    const rendered = ok(renderRequest(
      api({
        method: "POST",
        body: {
          type: "form",
          fields: [{ key: "note", value: "{{v}}" }, { key: "b", value: "2" }],
        },
      }),
      { v: value },
    ));
    const form = new URLSearchParams(rendered.body);
    assert.deepEqual([...form.keys()], ["note", "b"]);
    assert.equal(form.get("note"), value);
    assert.equal(rendered.contentType, "application/x-www-form-urlencoded");
  }
});

Deno.test("renderRequest() substitutes text bodies and keeps a content type set in headers", () => {
  const rendered = ok(renderRequest(
    api({
      method: "POST",
      headers: [{ key: "content-type", value: "text/csv" }],
      body: { type: "text", template: "id,{{id}}", contentType: "text/plain" },
    }),
    { id: "a,b" },
  ));
  assert.equal(rendered.body, "id,a,b");
  assert.equal(rendered.headers["content-type"], "text/csv");
  assert.equal(rendered.headers["Content-Type"], undefined);
});

Deno.test("renderRequest() applies bearer, basic and API key auth", () => {
  const bearer = ok(
    renderRequest(api({ auth: { type: "bearer", token: "t0k" } }), {
      order_id: "1",
    }),
  );
  assert.equal(bearer.headers.Authorization, "Bearer t0k");
  const basic = ok(
    renderRequest(
      api({ auth: { type: "basic", username: "ada", password: "pässword" } }),
      {},
    ),
  );
  const decoded = new TextDecoder().decode(
    Uint8Array.from(
      atob(basic.headers.Authorization.slice(6)),
      (c) => c.charCodeAt(0),
    ),
  );
  assert.equal(decoded, "ada:pässword");
  const header = ok(
    renderRequest(
      api({
        auth: { type: "apiKey", in: "header", name: "X-Api-Key", value: "k1" },
      }),
      {},
    ),
  );
  assert.equal(header.headers["X-Api-Key"], "k1");
  const query = ok(
    renderRequest(
      api({
        auth: { type: "apiKey", in: "query", name: "api_key", value: "k&2" },
      }),
      {},
    ),
  );
  assert.equal(new URL(query.url).searchParams.get("api_key"), "k&2");
});

Deno.test("checkJsonTemplate() accepts placeholders and points at syntax errors", () => {
  assert.equal(
    checkJsonTemplate(
      '{"id": {{order_id}}, "note": "for {{ name }}", "list": [{{a}}, 1]}',
    ),
    null,
  );
  const error = checkJsonTemplate('{\n  "id": {{order_id}}\n  "x": 1\n}');
  assert.ok(error);
  assert.match(error, /line 3, column 3/);
  assert.ok(checkJsonTemplate('{"a": }'));
});
