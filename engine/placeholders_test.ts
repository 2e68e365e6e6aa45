import assert from "node:assert/strict";
import { placeholdersInText, placeholdersOf } from "./placeholders.ts";
import type { ApiDef } from "./types.ts";

Deno.test("placeholdersInText() finds names with spaces and sys names once each", () => {
  assert.deepEqual(
    placeholdersInText(
      "Hi {{ name }}, order {{order_id}} {{name}} {{sys.phone}}",
    ),
    ["name", "order_id", "sys.phone"],
  );
});

Deno.test("placeholdersInText() ignores broken or empty braces", () => {
  assert.deepEqual(placeholdersInText("{{}} {{ 1x }} {name} {{a b}}"), []);
});

Deno.test("placeholdersOf() collects names from every part of an API", () => {
  const api: ApiDef = {
    name: "Get order",
    method: "POST",
    url: "https://shop.example.com/orders/{{order_id}}",
    query: [{ key: "lang", value: "{{lang}}" }],
    headers: [{ key: "X-Phone", value: "{{sys.phone}}" }],
    body: { type: "form", fields: [{ key: "note", value: "{{note}}" }] },
    auth: { type: "bearer", token: "{{token}}" },
    timeoutMs: 10000,
    mappings: [],
  };
  assert.deepEqual(placeholdersOf(api), [
    "order_id",
    "lang",
    "sys.phone",
    "note",
    "token",
  ]);
  assert.deepEqual(
    placeholdersOf({
      ...api,
      body: { type: "json", template: '{"a": {{ x }}}' },
    }),
    ["order_id", "lang", "sys.phone", "x", "token"],
  );
});
