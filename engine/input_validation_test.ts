import assert from "node:assert/strict";
import { parseNumber, validateInput } from "./input_validation.ts";

const m = (text: string, kind = "text") => ({
  type: "message" as const,
  text,
  kind,
  at: 0,
});

Deno.test("parseNumber() accepts plain, decimal-comma and thousands forms and rejects the rest", () => {
  assert.equal(parseNumber("42"), 42);
  assert.equal(parseNumber(" -3.5 "), -3.5);
  assert.equal(parseNumber("1,5"), 1.5);
  assert.equal(parseNumber("12,345.6"), 12345.6);
  for (const bad of ["", "abc", "1.2.3", "1e5", "0x10", "4 2", "Infinity"]) {
    assert.equal(parseNumber(bad), null, bad);
  }
});

Deno.test("validateInput() checks emails and phones", () => {
  assert.equal(validateInput("email", m("a@b.co")).ok, true);
  assert.equal(validateInput("email", m("a b@c.d")).ok, false);
  assert.deepEqual(validateInput("phone", m("0151 234-567")), {
    ok: true,
    value: "0151234567",
    input: "0151 234-567",
  });
  assert.equal(validateInput("phone", m("12345")).ok, false);
  assert.equal(validateInput("phone", m("+1234567890123456")).ok, false);
  assert.equal(validateInput("phone", m("call me")).ok, false);
});

Deno.test("validateInput() refuses media and locations for every input type", () => {
  for (const input of ["text", "number", "email", "phone", "choice"] as const) {
    assert.equal(
      validateInput(input, m("1", "location"), [{ id: "a", title: "A" }]).ok,
      false,
    );
  }
});
