import assert from "node:assert/strict";
import * as v from "valibot";
import { AttributeNameSchema, NumberTextSchema } from "./attribute_schema.ts";
import { isNumeric } from "./nodes/shared.ts";

Deno.test("NumberTextSchema reads exactly the numbers the interpreter reads", () => {
  for (const text of ["0", "12.5", "-3", "+.5", "1e3", "2.5E-2", " 7 "]) {
    assert.equal(v.safeParse(NumberTextSchema, text).success, true, text);
    assert.equal(isNumeric(text), true, text);
  }
  for (const text of ["", "many", "1,5", "0x10", "1e", "Infinity", "NaN"]) {
    assert.equal(v.safeParse(NumberTextSchema, text).success, false, text);
    assert.equal(isNumeric(text), false, text);
  }
  assert.equal(v.parse(NumberTextSchema, "1e3"), 1000);
});

Deno.test("AttributeNameSchema refuses capitals, leading digits and names past 64", () => {
  assert.equal(v.safeParse(AttributeNameSchema, "order_id").success, true);
  for (const name of ["Order", "1st", "a-b", "a".repeat(65), ""]) {
    assert.equal(v.safeParse(AttributeNameSchema, name).success, false, name);
  }
});
