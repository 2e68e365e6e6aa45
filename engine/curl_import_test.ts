import assert from "node:assert/strict";
import { parseCurl } from "./curl_import.ts";
import { shellWords } from "./curl_import_words.ts";
import type { ApiDef } from "./types.ts";

function ok(command: string): { api: Partial<ApiDef>; warnings: string[] } {
  const result = parseCurl(command);
  if ("error" in result) throw new Error(result.error);
  return result;
}

Deno.test("shellWords() handles quotes, $'…', escapes and line continuations", () => {
  assert.deepEqual(
    shellWords(`curl 'a b' "c \\"d\\" \\$e" $'it\\'s\\n\\u00e9' f\\ g \\\n  h`),
    ["curl", "a b", 'c "d" $e', "it's\né", "f g", "h"],
  );
  assert.deepEqual(shellWords("curl 'open"), {
    error: "Unclosed single quote",
  });
});

Deno.test("parseCurl() reads a GET with query string, headers and bearer auth", () => {
  const { api, warnings } = ok(
    `curl -sS -L 'https://shop.example.com/orders/42?lang=en&q=a%26b+c' \\
    -H 'Accept: application/json' \\
    -H "Authorization: Bearer eyJ.abc"`,
  );
  assert.equal(api.method, "GET");
  assert.equal(api.url, "https://shop.example.com/orders/42");
  assert.deepEqual(api.query, [{ key: "lang", value: "en" }, {
    key: "q",
    value: "a&b c",
  }]);
  assert.deepEqual(api.headers, [{ key: "Accept", value: "application/json" }]);
  assert.deepEqual(api.auth, { type: "bearer", token: "eyJ.abc" });
  assert.equal(api.body, null);
  assert.deepEqual(warnings, [
    "Ignored -s, -S: they only change what curl prints or saves",
    "Ignored -L: Chatwire follows up to 5 redirects anyway",
  ]);
});

Deno.test("parseCurl() makes a JSON body and POST from -d with JSON data", () => {
  const { api } = ok(
    `curl https://api.test/orders -H 'Content-Type: application/json' -d '{"id": "{{order_id}}", "qty": 2}'`,
  );
  assert.equal(api.method, "POST");
  assert.deepEqual(api.body, {
    type: "json",
    template: '{"id": "{{order_id}}", "qty": 2}',
  });
  assert.deepEqual(api.headers, []);
});

Deno.test("parseCurl() makes form fields from a=b&c=d data and joins several -d", () => {
  const { api } = ok(
    `curl -X PUT https://api.test/x -d 'a=1' --data 'b=two%20words&c='`,
  );
  assert.equal(api.method, "PUT");
  assert.deepEqual(api.body, {
    type: "form",
    fields: [{ key: "a", value: "1" }, { key: "b", value: "two words" }, {
      key: "c",
      value: "",
    }],
  });
});

Deno.test("parseCurl() keeps other data as a text body with its content type", () => {
  const { api } = ok(
    `curl https://api.test/x -H 'Content-Type: text/csv' --data-binary 'id,qty'`,
  );
  assert.deepEqual(api.body, {
    type: "text",
    template: "id,qty",
    contentType: "text/csv",
  });
  assert.deepEqual(api.headers, []);
  const plain = ok(`curl https://api.test/x --data-raw 'hello world'`);
  assert.deepEqual(plain.api.body, {
    type: "text",
    template: "hello world",
    contentType: "application/x-www-form-urlencoded", // what curl labels -d data
  });
});

Deno.test("parseCurl() handles --json, --data-urlencode, -G and --url", () => {
  const json = ok(`curl --json '{"a":1}' --url https://api.test/j`);
  assert.equal(json.api.method, "POST");
  assert.equal(json.api.url, "https://api.test/j");
  assert.deepEqual(json.api.body, { type: "json", template: '{"a":1}' });
  assert.deepEqual(json.api.headers, [{
    key: "Accept",
    value: "application/json",
  }]);
  const encoded = ok(
    `curl https://api.test/f --data-urlencode 'msg=a&b=c' --data-urlencode 'n=1'`,
  );
  assert.deepEqual(encoded.api.body, {
    type: "form",
    fields: [{ key: "msg", value: "a&b=c" }, { key: "n", value: "1" }],
  });
  const get = ok(`curl -G https://api.test/s?x=1 -d q=tea -d page=2`);
  assert.equal(get.api.method, "GET");
  assert.equal(get.api.body, null);
  assert.deepEqual(get.api.query, [{ key: "x", value: "1" }, {
    key: "q",
    value: "tea",
  }, { key: "page", value: "2" }]);
});

Deno.test("parseCurl() turns -u and Basic headers into basic auth", () => {
  assert.deepEqual(ok(`curl -u 'ada:p:w' https://api.test/`).api.auth, {
    type: "basic",
    username: "ada",
    password: "p:w",
  });
  const header = ok(
    `curl https://api.test/ -H 'authorization: Basic ${btoa("bob:secret")}'`,
  );
  assert.deepEqual(header.api.auth, {
    type: "basic",
    username: "bob",
    password: "secret",
  });
  assert.deepEqual(header.api.headers, []);
});

Deno.test("parseCurl() reads bundled and attached short options and notes the ignored ones", () => {
  const { api, warnings } = ok(
    `curl -sSLk -XPATCH -HX-Trace:1 --compressed --http2 https://api.test/p -m 5`,
  );
  assert.equal(api.method, "PATCH");
  assert.deepEqual(api.headers, [{ key: "X-Trace", value: "1" }]);
  assert.equal(api.timeoutMs, 5000);
  assert.equal(warnings.length, 5);
  assert.match(warnings[2], /^Ignored -k: Chatwire always verifies/);
  assert.equal(warnings[4], "Ignored --http2: Chatwire picks the HTTP and TLS versions itself");
});

Deno.test("parseCurl() refuses what is not a usable curl command", () => {
  assert.match(
    (parseCurl("wget https://x.test") as { error: string }).error,
    /does not start with curl/,
  );
  assert.match((parseCurl("curl -s") as { error: string }).error, /no URL/);
  assert.match(
    (parseCurl("curl -X HEAD https://x.test") as { error: string }).error,
    /method "HEAD"/,
  );
  assert.match(
    (parseCurl("curl ftp://x.test/f") as { error: string }).error,
    /http and https/,
  );
  assert.match(
    (parseCurl(`curl "https://x.test`) as { error: string }).error,
    /Unclosed double quote/,
  );
  const noScheme = ok("curl api.test/x");
  assert.equal(noScheme.api.url, "http://api.test/x");
  assert.equal(noScheme.warnings.length, 1);
});
