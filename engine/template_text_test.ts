import assert from "node:assert/strict";
import { type RenderedRequest, renderRequest } from "./template.ts";
import { headerValue } from "./template_text.ts";
import type { ApiDef } from "./types.ts";

function request(patch: Partial<ApiDef>, values: Record<string, string>): RenderedRequest {
  const rendered = renderRequest({
    name: "Soap",
    method: "POST",
    url: "https://shop.example.com/soap",
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 10000,
    mappings: [],
    ...patch,
  }, values);
  if ("error" in rendered) throw new Error(rendered.error);
  return rendered;
}

const INJECTION = "1</id><role>admin</role><id>2";

Deno.test("XML injection: <id>{{q}}</id> with 1</id><role>admin</role><id>2 stays one text node", () => {
  for (const contentType of ["text/xml", "application/xml", "application/soap+xml; charset=utf-8"]) {
    const { body } = request({ body: { type: "text", template: "<id>{{q}}</id>", contentType } }, {
      q: INJECTION,
    });
    assert.equal(body, "<id>1&lt;/id&gt;&lt;role&gt;admin&lt;/role&gt;&lt;id&gt;2</id>", contentType);
  }
  const quotes = request({
    body: { type: "text", template: `<a x="{{q}}" y='{{q}}'>{{q}}</a>`, contentType: "text/xml" },
  }, { q: `"' & <` });
  assert.equal(
    quotes.body,
    `<a x="&quot;&apos; &amp; &lt;" y='&quot;&apos; &amp; &lt;'>&quot;&apos; &amp; &lt;</a>`,
  );
});

Deno.test("XML injection: a Content-Type header of XML makes a text/plain body escape too", () => {
  const { body, headers } = request({
    headers: [{ key: "Content-Type", value: "application/xml" }],
    body: { type: "text", template: "<id>{{q}}</id>", contentType: "text/plain" },
  }, { q: INJECTION });
  assert.equal(body, "<id>1&lt;/id&gt;&lt;role&gt;admin&lt;/role&gt;&lt;id&gt;2</id>");
  assert.equal(headers["Content-Type"], "application/xml");
});

Deno.test("JSON injection: a text body typed application/json or *+json renders as a JSON body", () => {
  for (const contentType of ["application/json", "application/vnd.api+json"]) {
    const { body } = request({
      body: { type: "text", template: `{"name": "{{q}}"}`, contentType },
    }, { q: `x", "admin": true, "y": "` });
    assert.deepEqual(JSON.parse(body!), { name: `x", "admin": true, "y": "` });
  }
});

Deno.test("a text/plain or text/csv body inserts the value as typed", () => {
  const { body } = request({ body: { type: "text", template: "id,{{q}}", contentType: "text/csv" } }, {
    q: "<a>&",
  });
  assert.equal(body, "id,<a>&");
});

Deno.test("header injection: C1 controls (U+0085), U+2028/U+2029, tab and DEL fail the call", () => {
  for (
    const value of ["a\u0085X-Evil: 1", "a\u2028b", "a\u2029b", "a\tb", "a\u007fb", "a\u009bb", "a\r\nb"]
  ) {
    const result = renderRequest({
      name: "Get",
      method: "GET",
      url: "https://shop.example.com/",
      query: [],
      headers: [{ key: "X-Name", value: "{{v}}" }],
      body: null,
      auth: { type: "none" },
      timeoutMs: 10000,
      mappings: [],
    }, { v: value });
    assert.ok("error" in result, JSON.stringify(value));
    assert.match(result.error, /^Bad header "X-Name": the value contains a line break or control character$/);
  }
});

Deno.test("header values beyond Latin-1 are sent percent-encoded as UTF-8 (Zoë → Zo%C3%AB)", () => {
  assert.equal(headerValue("Zoë"), "Zo%C3%AB");
  assert.equal(headerValue("中文 ok"), "%E4%B8%AD%E6%96%87 ok");
  assert.equal(headerValue("plain ASCII ~!"), "plain ASCII ~!");
  const { headers } = request({ method: "GET", headers: [{ key: "X-Name", value: "{{v}}" }] }, {
    v: "Zoë 🙂",
  });
  assert.equal(headers["X-Name"], "Zo%C3%AB %F0%9F%99%82");
  // fetch accepts it: no ByteString error.
  new Headers(headers);
});
