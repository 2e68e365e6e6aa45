import assert from "node:assert/strict";
import { parseCurl } from "./curl_import.ts";
import { shellCommands, shellWords } from "./curl_import_words.ts";
import { CURL_OPTIONS } from "./curl_options.ts";
import type { ApiDef } from "./types.ts";

function ok(command: string): { api: Partial<ApiDef>; warnings: string[] } {
  const result = parseCurl(command);
  if ("error" in result) throw new Error(result.error);
  return result;
}

function refused(command: string): string {
  const result = parseCurl(command);
  assert.ok("error" in result, `expected a refusal of ${command}`);
  return result.error;
}

Deno.test("every option of curl is in the table, with or without a value", () => {
  assert.ok(CURL_OPTIONS.length >= 280, `only ${CURL_OPTIONS.length} options`);
  const byName = new Map(CURL_OPTIONS.map((row) => [row[0], row]));
  assert.equal(byName.get("trace-ascii")?.[2], true);
  assert.equal(byName.get("cert")?.[1], "E");
  assert.equal(byName.get("verbose")?.[2], false);
  assert.equal(byName.get("form")?.[4], "read");
  // Every option of the table parses: a value never takes the URL's place.
  for (const [long, , takesValue, , handling] of CURL_OPTIONS) {
    const result = parseCurl(`curl --${long}${takesValue ? " VALUE" : ""} https://api.test/x`);
    if (handling === "ignore") {
      assert.ok(!("error" in result), `--${long}: ${"error" in result && result.error}`);
      assert.equal(result.api.url, "https://api.test/x", `--${long}`);
    }
    if (handling === "refuse") assert.ok("error" in result, `--${long} was not refused`);
  }
});

Deno.test("an ignored option that takes a value never eats the URL", () => {
  for (
    const option of [
      "--cert-type PEM",
      "--trace-ascii log.txt",
      "--connect-timeout 5",
      "-o out.json",
      "-w '%{http_code}'",
    ]
  ) {
    const { api } = ok(`curl ${option} https://api.test/x`);
    assert.equal(api.url, "https://api.test/x", option);
  }
  assert.match(
    refused("curl --cert /path/client.pem https://api.test/x"),
    /--cert: Chatwire cannot send a TLS client certificate/,
  );
  assert.match(refused("curl --bogus https://api.test/x"), /unknown option --bogus/);
});

Deno.test("-F makes a multipart body of text fields and refuses files", () => {
  const { api } = ok(`curl -F d1=data1 -F 'd2="a;b"' --form-string 'd3=@literal' http://host/post`);
  assert.equal(api.method, "POST");
  assert.equal(api.url, "http://host/post");
  assert.deepEqual(api.body, {
    type: "multipart",
    fields: [{ key: "d1", value: "data1" }, { key: "d2", value: "a;b" }, { key: "d3", value: "@literal" }],
  });
  assert.match(
    refused("curl -F file=@photo.jpg https://api.test/up"),
    /-F file=@photo.jpg: it uploads a file/,
  );
  assert.match(
    refused("curl -F 'story=<essay.txt' https://api.test/up"),
    /reads the field's text from a file/,
  );
  assert.match(refused("curl -F a=1 -d b=2 https://api.test/up"), /-d and -F cannot be used together/);
});

Deno.test("--url-query and -G put data in the query; a GET with -d is converted with a notice", () => {
  const query = ok(`curl --url-query 'q=tea & cake' --url-query +raw=%41 https://api.test/s?x=1`);
  assert.equal(query.api.url, "https://api.test/s");
  assert.deepEqual(query.api.query, [{ key: "x", value: "1" }, { key: "q", value: "tea & cake" }, {
    key: "raw",
    value: "A",
  }]);
  const get = ok(`curl -X GET https://api.test/s -d msg=hello`);
  assert.equal(get.api.method, "GET");
  assert.equal(get.api.body, null);
  assert.deepEqual(get.api.query, [{ key: "msg", value: "hello" }]);
  assert.ok(get.warnings.some((w) => /moved to the query string, as curl -G does/.test(w)));
  const post = ok(`curl -G -X POST https://api.test/s -d a=1`);
  assert.equal(post.api.method, "POST");
  assert.equal(post.api.body, null);
  assert.deepEqual(post.api.query, [{ key: "a", value: "1" }]);
});

Deno.test("-I, -T, --digest, --ntlm and unknown methods are refused, never stored as something else", () => {
  assert.match(refused("curl -I https://api.test/"), /-I sends a HEAD request/);
  assert.match(refused("curl --head https://api.test/"), /--head sends a HEAD request/);
  assert.match(refused("curl -T notes.txt https://api.test/"), /-T notes.txt uploads a file/);
  assert.match(
    refused("curl --digest -u a:b https://api.test/"),
    /--digest: digest authentication cannot be expressed/,
  );
  assert.match(refused("curl -u a:b --ntlm https://api.test/"), /--ntlm: ntlm authentication/);
  assert.match(refused("curl -X OPTIONS https://api.test/"), /method "OPTIONS" is not supported/);
  assert.match(refused("curl -H @headers.txt https://api.test/"), /reads headers from a file/);
  assert.match(refused("curl -d @body.json https://api.test/"), /-d @body.json reads a file/);
});

Deno.test("cookies: several -b are one Cookie header, a cookie file is ignored with a note", () => {
  const { api, warnings } = ok(`curl -b 'a=1' -b 'b=2; c=3' -b cookies.txt https://api.test/`);
  assert.deepEqual(api.headers, [{ key: "Cookie", value: "a=1; b=2; c=3" }]);
  assert.ok(warnings.some((w) => /-b cookies.txt: it reads cookies from a file/.test(w)));
});

Deno.test("data keeps non-UTF-8 escapes as typed and --oauth2-bearer is bearer auth", () => {
  const { api } = ok(`curl https://api.test/ --data 'name=%D2%E5&x=1' --oauth2-bearer tok123`);
  assert.deepEqual(api.body, {
    type: "text",
    template: "name=%D2%E5&x=1",
    contentType: "application/x-www-form-urlencoded",
  });
  assert.deepEqual(api.auth, { type: "bearer", token: "tok123" });
  const encoded = ok(`curl https://api.test/ --data-urlencode 'msg=a b&c' --data-raw '@not-a-file'`);
  assert.deepEqual(encoded.api.body, {
    type: "text",
    template: "msg=a%20b%26c&@not-a-file",
    contentType: "application/x-www-form-urlencoded",
  });
});

Deno.test("several commands pasted together are refused; prompts, comments and pipes are accepted", () => {
  assert.match(
    refused("curl https://a.test/1\ncurl https://a.test/2"),
    /2 curl commands were pasted together/,
  );
  assert.match(refused("curl https://a.test/1 && curl https://a.test/2"), /2 curl commands/);
  assert.match(refused("curl https://a.test/1 -: https://a.test/2"), /starts another request/);
  const { api, warnings } = ok("# list the orders\n$ curl https://a.test/orders | jq .");
  assert.equal(api.url, "https://a.test/orders");
  assert.ok(warnings.some((w) => /other commands pasted with curl: jq/.test(w)));
});

Deno.test("backslash-newline follows the shell: a continuation outside quotes, kept in single, removed in double", () => {
  assert.deepEqual(shellWords("curl \\\n  -d 'a\\\nb' -d \"c\\\nd\" e\\\nf"), [
    "curl",
    "-d",
    "a\\\nb",
    "-d",
    "cd",
    "ef",
  ]);
  assert.deepEqual(shellWords("curl $'caf\\xc3\\xa9 \\u2713 \\101'"), ["curl", "café ✓ A"]);
  const commands = shellCommands("curl a.test ; echo done");
  assert.ok(Array.isArray(commands));
  assert.deepEqual(commands.map((c) => c.words[0]), ["curl", "echo"]);
});

Deno.test("-u, -A, -e, --url, --request and --json are handled; -H wins over -A", () => {
  const { api } = ok(
    `curl --request patch --url 'https://u:p%40ss@api.test/v1' -A 'bot/1' -e 'https://ref.test;auto' -H 'user-agent: mine' --json '{"a":1}'`,
  );
  assert.equal(api.method, "PATCH");
  assert.equal(api.url, "https://api.test/v1");
  assert.deepEqual(api.auth, { type: "basic", username: "u", password: "p@ss" });
  assert.deepEqual(api.headers, [
    { key: "Referer", value: "https://ref.test" },
    { key: "user-agent", value: "mine" },
    { key: "Accept", value: "application/json" },
  ]);
  assert.deepEqual(api.body, { type: "json", template: '{"a":1}' });
});

Deno.test("header removal, --name=value, --no- switches and repeated headers follow curl", () => {
  const { api, warnings } = ok(
    `curl --url=https://api.test/x -H 'Accept:' -H 'X-Empty;' -H 'X-A: 1' -H 'x-a: 2' -G --no-get -d q=1`,
  );
  assert.equal(api.method, "POST");
  assert.deepEqual(api.headers, [{ key: "X-Empty", value: "" }, { key: "X-A", value: "1, 2" }]);
  assert.deepEqual(api.body, { type: "form", fields: [{ key: "q", value: "1" }] });
  assert.deepEqual(warnings, []);
  assert.match(
    refused("curl --sil https://api.test/"),
    /unknown option --sil \(curl takes full names only: --silent\?\)/,
  );
  assert.match(refused("curl --no-data x https://api.test/"), /--no-data is not an option/);
  assert.match(refused("curl -X GET -F a=1 https://api.test/"), /a GET cannot carry the multipart body/);
  assert.match(refused(`curl "https://api.test/" ^\n  -H "a: ^"b^""`), /Windows cmd command/);
  assert.match(refused(`curl https://api.test/ -H '”a:b”'`), /is not a valid header name/);
  assert.match(
    refused("curl 'https://{{host}}/x'"),
    /Placeholders are not allowed in the scheme, host or port/,
  );
});

Deno.test("a line that lost its trailing backslash is joined with a notice, as its author meant", () => {
  const { api, warnings } = ok("curl https://api.test/charges\n  -u sk_test_123:\n-d amount=2000");
  assert.deepEqual(api.auth, { type: "basic", username: "sk_test_123", password: "" });
  assert.deepEqual(api.body, { type: "form", fields: [{ key: "amount", value: "2000" }] });
  assert.ok(warnings.some((w) => /joined to the command/.test(w)));
});

Deno.test("data sent as JSON that is not JSON is refused with the parse error, not stored as an API that fails", () => {
  assert.match(
    refused(`curl https://api.test/ -H 'Content-Type: application/json' -d '{"model": "x",}'`),
    /the data is sent as application\/json but is not valid JSON \(.+\): fix the data/,
  );
  const vendor = ok(`curl https://api.test/ -H 'Content-Type: application/vnd.api+json' -d '{"data": {}}'`);
  assert.deepEqual(vendor.api.body, { type: "json", template: '{"data": {}}' });
  assert.deepEqual(vendor.api.headers, [{ key: "Content-Type", value: "application/vnd.api+json" }]);
});
