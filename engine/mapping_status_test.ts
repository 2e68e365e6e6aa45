import assert from "node:assert/strict";
import * as v from "valibot";
import { MappingSchema } from "./api_schema.ts";
import { appliesTo, mappingStatusError, overlapWarnings, statusesOverlap } from "./mapping_status.ts";

Deno.test("appliesTo() takes an exact code or a class, 2xx when absent, and nothing for status 0", () => {
  assert.equal(appliesTo({}, 200), true);
  assert.equal(appliesTo({}, 204), true);
  assert.equal(appliesTo({}, 404), false);
  assert.equal(appliesTo({ status: "404" }, 404), true);
  assert.equal(appliesTo({ status: "4XX" }, 422), true);
  assert.equal(appliesTo({ status: "404" }, 400), false);
  assert.equal(appliesTo({ status: "5xx" }, 0), false);
});

Deno.test("mappingStatusError() accepts codes and classes and refuses anything else", () => {
  assert.equal(mappingStatusError("200"), null);
  assert.equal(mappingStatusError("4xx"), null);
  assert.match(mappingStatusError("timeout") ?? "", /must be a code like "200"/);
  assert.match(mappingStatusError("99") ?? "", /must be a code/);
});

Deno.test("statusesOverlap() is true when one response code gets both", () => {
  assert.equal(statusesOverlap("2xx", "200"), true);
  assert.equal(statusesOverlap("404", "4xx"), true);
  assert.equal(statusesOverlap("", "2xx"), true);
  assert.equal(statusesOverlap("200", "404"), false);
  assert.equal(statusesOverlap("2xx", "4xx"), false);
  assert.equal(statusesOverlap("200", "201"), false);
});

Deno.test("overlapWarnings() warns once per attribute filled twice for overlapping statuses", () => {
  const warnings = overlapWarnings([
    { path: "$.name", attribute: "name" },
    { path: "$.customer.name", attribute: "name", status: "200" },
    { path: "$.error", attribute: "name", status: "2xx" },
    { path: "$.error", attribute: "reason", status: "404" },
    { path: "$.status", attribute: "reason" },
  ]);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].attribute, "name");
  assert.match(warnings[0].message, /Two mappings fill name for overlapping statuses/);
});

Deno.test("MappingSchema takes status and keep, and refuses a status that is no code or class", () => {
  assert.equal(
    v.safeParse(MappingSchema, { path: "$.error", attribute: "e", status: "404", keep: true }).success,
    true,
  );
  const bad = v.safeParse(MappingSchema, { path: "$.error", attribute: "e", status: "timeout" });
  assert.equal(bad.success, false);
  assert.match(bad.issues?.[0].message ?? "", /Mapping status "timeout" must be a code/);
});
