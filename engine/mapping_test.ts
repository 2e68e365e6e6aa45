import assert from "node:assert/strict";
import type { AttributeDef } from "./types.ts";
import { applyMappings, listPaths, previewMapping } from "./mapping.ts";

const attrs: AttributeDef[] = [
  { name: "t", type: "text" },
  { name: "n", type: "number" },
  { name: "b", type: "boolean" },
];
const body = {
  status: "shipped",
  total: "12.50",
  paid: "true",
  items: [{ name: "A" }, { name: "B" }],
  meta: { k: 1 },
  none: null,
};

Deno.test("applyMappings() stores one match coerced to the attribute type", () => {
  const { values, trace } = applyMappings(
    [
      { path: "$.status", attribute: "t" },
      { path: "$.total", attribute: "n" },
      { path: "$.paid", attribute: "b" },
    ],
    { status: 200, json: body },
    attrs,
  );
  assert.deepEqual(values, { t: "shipped", n: 12.5, b: true });
  assert.deepEqual(trace[1], {
    type: "mapping",
    path: "$.total",
    attribute: "n",
    value: 12.5,
    matched: true,
  });
});

Deno.test("applyMappings() stores objects as JSON text and several matches as a JSON array", () => {
  const { values } = applyMappings(
    [
      { path: "$.meta", attribute: "t" },
      { path: "$.items[*].name", attribute: "n" },
    ],
    { status: 200, json: body },
    attrs,
  );
  assert.deepEqual(values, { t: '{"k":1}', n: '["A","B"]' });
});

Deno.test("applyMappings() leaves the attribute untouched when the path is invalid or names a system attribute", () => {
  const { values, trace } = applyMappings(
    [
      { path: "status", attribute: "n" },
      { path: "$.status", attribute: "sys.input" },
    ],
    { status: 200, json: body },
    attrs,
  );
  assert.deepEqual(values, {});
  assert.deepEqual(trace.map((t) => t.matched), [false, false]);
});

Deno.test("applyMappings() clears an attribute whose path matches nothing, back to its default or empty", () => {
  const defs: AttributeDef[] = [...attrs, { name: "city", type: "text", default: "unknown" }];
  const { values, trace } = applyMappings(
    [
      { path: "$.missing", attribute: "t" },
      { path: "$.nowhere", attribute: "city" },
    ],
    { status: 200, json: body },
    defs,
  );
  assert.deepEqual(values, { t: "", city: "unknown" });
  assert.deepEqual(trace.map((t) => t.cleared), [true, true]);
});

Deno.test("applyMappings() keeps the attribute as it was when a mapping with keep matches nothing", () => {
  const { values, trace } = applyMappings(
    [{ path: "$.missing", attribute: "t", keep: true }],
    { status: 200, json: body },
    attrs,
  );
  assert.deepEqual(values, {});
  assert.equal(trace[0].cleared, undefined);
});

Deno.test("applyMappings() applies only the mappings whose status covers the response's code", () => {
  const mappings = [
    { path: "$.status", attribute: "t" },
    { path: "$.error", attribute: "n", status: "404" },
    { path: "$.message", attribute: "b", status: "4xx" },
  ];
  const error = { error: "not found", message: "no such order" };
  assert.deepEqual(applyMappings(mappings, { status: 201, json: body }, attrs).values, { t: "shipped" });
  assert.deepEqual(applyMappings(mappings, { status: 404, json: error }, attrs).values, {
    n: "not found",
    b: "no such order",
  });
  assert.deepEqual(applyMappings(mappings, { status: 410, json: error }, attrs).values, {
    b: "no such order",
  });
  assert.deepEqual(applyMappings(mappings, { status: 500, json: error }, attrs).values, {});
});

Deno.test("applyMappings() applies no mapping when no response came (status 0)", () => {
  const { values, trace } = applyMappings(
    [{ path: "$.missing", attribute: "t" }],
    { status: 0, json: {} },
    attrs,
  );
  assert.deepEqual(values, {});
  assert.deepEqual(trace, []);
});

Deno.test("applyMappings() does not let a clear undo a value another mapping stored from the same response", () => {
  const { values } = applyMappings(
    [
      { path: "$.status", attribute: "t" },
      { path: "$.missing", attribute: "t", status: "200" },
    ],
    { status: 200, json: body },
    attrs,
  );
  assert.deepEqual(values, { t: "shipped" });
});

Deno.test("applyMappings() matches nothing in a JSON body that is not an object", () => {
  assert.deepEqual(
    applyMappings([{ path: "$", attribute: "t" }], { status: 200, json: 42 }, attrs).values,
    { t: "" },
  );
});

Deno.test("previewMapping() shows the value and the match count", () => {
  assert.deepEqual(previewMapping("$.items[0].name", body), {
    ok: true,
    value: "A",
    matches: 1,
  });
  assert.deepEqual(previewMapping("$.items[*].name", body), {
    ok: true,
    value: '["A","B"]',
    matches: 2,
  });
  assert.deepEqual(previewMapping("$.nope", body), {
    ok: true,
    value: "",
    matches: 0,
  });
  assert.deepEqual(previewMapping("$.none", body), {
    ok: true,
    value: "",
    matches: 1,
  });
});

Deno.test("previewMapping() reports invalid JSONPaths with a clear error instead of throwing", () => {
  for (const path of ["items", "$.items[", "$['a", "$[?(@.x ==)]", "$.a."]) {
    const r = previewMapping(path, body);
    assert.equal(r.ok, false, path);
    assert.match(!r.ok ? r.error : "", /^Invalid JSONPath/);
  }
});

Deno.test("listPaths() lists object keys recursively and arrays as [0] and [*]", () => {
  const paths = listPaths({
    a: { b: 1 },
    items: [{ name: "A" }],
    "odd key": true,
    empty: [],
  });
  assert.deepEqual(paths.map((p) => p.path), [
    "$.a",
    "$.a.b",
    "$.items",
    "$.items[0]",
    "$.items[0].name",
    "$.items[*]",
    "$.items[*].name",
    "$['odd key']",
    "$.empty",
  ]);
  assert.equal(paths.find((p) => p.path === "$.items[0].name")?.sample, "A");
  for (const { path } of paths) {
    assert.equal(
      previewMapping(path, {
        a: { b: 1 },
        items: [{ name: "A" }],
        "odd key": true,
        empty: [],
      }).ok,
      true,
    );
  }
});

Deno.test("listPaths() shows below [*] the list the runtime would store, not the first item", () => {
  const paths = listPaths({ items: [{ sku: "A1" }, { sku: "B2" }] });
  assert.equal(paths.find((p) => p.path === "$.items[0].sku")?.sample, "A1");
  assert.equal(paths.find((p) => p.path === "$.items[*].sku")?.sample, '["A1","B2"]');
});
