import assert from "node:assert/strict";
import type { BotDocument } from "./types.ts";
import { maskSecrets, parseBotDocument } from "./bot_document.ts";

const example = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/order_status.json", import.meta.url)),
);

// deno-lint-ignore no-explicit-any -- tests break the document on purpose
function withChanges(change: (doc: any) => void): unknown {
  const doc = structuredClone(example);
  change(doc);
  return doc;
}

function errorsOf(input: unknown, known?: { apis?: string[]; attributes?: string[] }) {
  const r = parseBotDocument(input, known);
  assert.equal(r.ok, false, "the document should be refused");
  return r.ok ? [] : r.errors;
}

Deno.test("parseBotDocument() accepts the DESIGN example and fills defaults", () => {
  const r = parseBotDocument(example);
  assert.equal(r.ok, true, JSON.stringify(!r.ok && r.errors));
  if (!r.ok) return;
  assert.equal(r.document.apis[0].timeoutMs, 10000);
  assert.deepEqual(r.document.flow.nodes[1], example.flow.nodes[1]);
  const minimal = parseBotDocument({
    format: "chatwire.bot/v1",
    name: "x",
    apis: [{ name: "a", method: "GET", url: "http://10.0.0.1:8080/{{id}}" }],
    attributes: [{ name: "id", type: "text" }],
    flow: { start: "e", nodes: [{ id: "e", type: "end" }] },
  });
  assert.equal(minimal.ok, true);
  if (minimal.ok) {
    const api = minimal.document.apis[0];
    assert.deepEqual([api.query, api.headers, api.body, api.auth, api.timeoutMs, api.mappings], [
      [],
      [],
      null,
      { type: "none" },
      10000,
      [],
    ]);
  }
});

Deno.test("parseBotDocument() lists every problem with its path", () => {
  const errors = errorsOf(withChanges((d) => {
    d.attributes[2].name = "Total";
    d.apis[0].url = "ftp://shop.example.com/";
    d.apis[0].timeoutMs = 50;
    d.flow.nodes[2].next = "lookup2";
    d.flow.nodes[1].api = "Get orders";
    d.flow.nodes[0].attribute = "order_nr";
  }));
  const paths = errors.map((e) => e.path).sort();
  assert.deepEqual(paths, [
    "apis[0].mappings[1].attribute",
    "apis[0].timeoutMs",
    "apis[0].url",
    "attributes[2].name",
    "flow.nodes[0].attribute",
    "flow.nodes[1].api",
    "flow.nodes[2].next",
    // Its text names the attribute whose declaration is refused above.
    "flow.nodes[2].text",
  ]);
  assert.deepEqual(errors.find((e) => e.path === "flow.nodes[2].next"), {
    path: "flow.nodes[2].next",
    message: 'Points at "lookup2", which is not a node of this flow',
  });
});

Deno.test("parseBotDocument() still checks references when another node is malformed", () => {
  const errors = errorsOf(withChanges((d) => {
    d.flow.nodes[4] = { id: "broken", type: "teleport" };
    d.flow.nodes[3].next = "nowhere";
  }));
  assert.deepEqual(errors.map((e) => e.path), ["flow.nodes[4].type", "flow.nodes[3].next"]);
  assert.match(errors[0].message, /Node types are/);
});

Deno.test("parseBotDocument() refuses a missing start, repeated ids and repeated names", () => {
  const errors = errorsOf(withChanges((d) => {
    d.flow.start = "begin";
    d.flow.nodes[3].id = "found";
    d.attributes.push({ name: "total", type: "number" });
    d.apis.push({ ...d.apis[0] });
  }));
  const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
  assert.equal(byPath["flow.start"], 'Points at "begin", which is not a node of this flow');
  assert.equal(byPath["flow.nodes[3].id"], 'Another node already has the id "found"');
  assert.equal(byPath["attributes[3].name"], 'Another attribute is already named "total"');
  assert.equal(byPath["apis[1].name"], 'Another API is already named "Get order"');
});

Deno.test("parseBotDocument() accepts APIs and attributes known to the workspace", () => {
  const doc = withChanges((d) => {
    d.apis = [];
    d.attributes = [];
  });
  assert.equal(errorsOf(doc).length > 0, true);
  const r = parseBotDocument(doc, { apis: ["Get order"], attributes: ["order_id", "order_status", "total"] });
  assert.equal(r.ok, true, JSON.stringify(!r.ok && r.errors));
});

Deno.test("parseBotDocument() refuses writing sys attributes but allows reading them", () => {
  const errors = errorsOf(withChanges((d) => {
    d.flow.nodes[0].attribute = "sys.input";
    d.flow.nodes.push({
      id: "c",
      type: "condition",
      rules: [{ attribute: "sys.status", op: "eq", value: "200", next: "found" }],
    });
    d.flow.nodes.push({ id: "s", type: "set", attribute: "sys.name", value: "x" });
  }));
  assert.deepEqual(errors.map((e) => e.path), ["flow.nodes[0].attribute", "flow.nodes[6].attribute"]);
  assert.match(errors[0].message, /read-only/);
});

Deno.test("parseBotDocument() refuses placeholders in the URL's scheme, host or port", () => {
  for (
    const url of [
      "https://{{host}}/x",
      "https://shop.example.com:{{port}}/x",
      "{{scheme}}://shop.example.com/",
    ]
  ) {
    const errors = errorsOf(withChanges((d) => (d.apis[0].url = url)));
    assert.equal(errors[0].path, "apis[0].url", url);
  }
  const r = parseBotDocument(
    withChanges((d) => (d.apis[0].url = "https://shop.example.com/{{a}}/x?q={{b}}")),
    { attributes: ["a", "b"] },
  );
  assert.equal(r.ok, true);
});

Deno.test("parseBotDocument() checks WhatsApp's limits", () => {
  const choice = (title: string, i: number) => ({ id: `c${i}`, title });
  const errors = errorsOf(withChanges((d) => {
    d.flow.nodes[2].text = "x".repeat(4097);
    d.flow.nodes.push({
      id: "b",
      type: "question",
      input: "choice",
      text: "?",
      choices: [choice("A title of 27 characters...", 0)],
    });
    d.flow.nodes.push({
      id: "l",
      type: "question",
      input: "choice",
      text: "?",
      choices: [0, 1, 2, 3].map((i) => choice(i === 3 ? "x".repeat(25) : "ok", i)),
    });
    d.flow.nodes.push({
      id: "many",
      type: "question",
      input: "choice",
      text: "?",
      choices: Array.from({ length: 11 }, (_, i) => choice("t", i)),
    });
    d.flow.nodes.push({ id: "none", type: "question", input: "choice", text: "?", choices: [] });
    d.flow.nodes.push({
      id: "dup",
      type: "question",
      input: "choice",
      text: "?",
      choices: [choice("a", 1), choice("b", 1), { id: "x".repeat(201), title: "c" }],
    });
  }));
  const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
  assert.equal(
    byPath["flow.nodes[2].text"],
    "Texts are limited to 4096 characters by WhatsApp (this one has 4097)",
  );
  assert.equal(
    byPath["flow.nodes[5].choices[0].title"],
    "Button titles are limited to 20 characters by WhatsApp (this one has 27)",
  );
  assert.equal(
    byPath["flow.nodes[6].choices[3].title"],
    "List row titles are limited to 24 characters by WhatsApp (this one has 25)",
  );
  assert.equal(byPath["flow.nodes[7].choices"], "A choice question needs 1 to 10 choices (this one has 11)");
  assert.equal(byPath["flow.nodes[8].choices"], "A choice question needs 1 to 10 choices (this one has 0)");
  assert.equal(byPath["flow.nodes[9].choices[1].id"], 'Another choice already has the id "c1"');
  assert.match(byPath["flow.nodes[9].choices[2].id"], /limited to 200 characters/);
});

Deno.test("parseBotDocument() refuses bad formats, bodies, auth and JSONPaths", () => {
  const errors = errorsOf(withChanges((d) => {
    d.format = "chatwire.bot/v2";
    d.apis[0].body = { type: "xml" };
    d.apis[0].auth = { type: "apiKey", in: "cookie", name: "k", value: "v" };
    d.apis[0].retry = { attempts: 6 };
    d.apis[0].mappings[0].path = "status";
    d.apis[0].method = "HEAD";
  }));
  assert.deepEqual(errors.map((e) => e.path).sort(), [
    "apis[0].auth.in",
    "apis[0].body.type",
    "apis[0].mappings[0].path",
    "apis[0].method",
    "apis[0].retry.attempts",
    "format",
  ]);
  assert.deepEqual(errorsOf(null).map((e) => e.path), [""]);
});

Deno.test("maskSecrets() masks tokens, key values and passwords only", () => {
  const doc = example as BotDocument;
  const masked = maskSecrets({
    ...doc,
    apis: [
      doc.apis[0],
      { ...doc.apis[0], name: "k", auth: { type: "apiKey", in: "header", name: "X-Key", value: "s3cret" } },
      { ...doc.apis[0], name: "b", auth: { type: "basic", username: "ann", password: "pw" } },
    ],
  });
  assert.deepEqual(masked.apis.map((a) => a.auth), [
    { type: "bearer", token: "********" },
    { type: "apiKey", in: "header", name: "X-Key", value: "********" },
    { type: "basic", username: "ann", password: "********" },
  ]);
  assert.equal(doc.apis[0].auth.type === "bearer" && doc.apis[0].auth.token, "eyJhbGciOi…");
});
