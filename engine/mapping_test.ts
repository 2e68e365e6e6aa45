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
    body,
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
    body,
    attrs,
  );
  assert.deepEqual(values, { t: '{"k":1}', n: '["A","B"]' });
});

Deno.test("applyMappings() leaves the attribute untouched when nothing matches or the path is invalid", () => {
  const { values, trace } = applyMappings(
    [
      { path: "$.missing", attribute: "t" },
      { path: "status", attribute: "n" },
      { path: "$.status", attribute: "sys.input" },
    ],
    body,
    attrs,
  );
  assert.deepEqual(values, {});
  assert.deepEqual(trace.map((t) => t.matched), [false, false, false]);
});

Deno.test("applyMappings() matches nothing in a JSON body that is not an object", () => {
  assert.deepEqual(
    applyMappings([{ path: "$", attribute: "t" }], 42, attrs).values,
    {},
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
