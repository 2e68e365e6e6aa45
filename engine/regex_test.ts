import assert from "node:assert/strict";
import { checkPattern, MAX_MATCH_INPUT, testPattern } from "./regex.ts";

const EVIL = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

Deno.test("ReDoS: ^(\\w+\\s?)*$ against 30 letters and a bang is answered (linear-time engine) and does not hold", () => {
  assert.deepEqual(testPattern("^(\\w+\\s?)*$", EVIL), { holds: false });
  assert.deepEqual(testPattern("^(\\w+\\s?)*$", "letters and spaces"), { holds: true });
  // Ten times longer still answers: the time is linear in the input.
  assert.deepEqual(testPattern("^(a+)+$", "a".repeat(4000) + "!"), { holds: false });
});

Deno.test("regex injection: a placeholder in a matches rule is a literal, so a typed .* matches only itself", () => {
  assert.deepEqual(testPattern("^{{code}}$", ".*", { code: ".*" }), { holds: true });
  assert.deepEqual(testPattern("^{{code}}$", "anything", { code: ".*" }), { holds: false });
  assert.deepEqual(testPattern("^A-{{n}}$", "A-1.5", { n: "1.5" }), { holds: true });
  assert.deepEqual(testPattern("^A-{{n}}$", "A-105", { n: "1.5" }), { holds: false });
  // A value that would break the pattern's syntax stays data.
  assert.deepEqual(testPattern("^[{{x}}]$", "]", { x: "]" }), { holds: true });
});

Deno.test("ReDoS: an input longer than 4,096 characters is not matched and the error says why", () => {
  const result = testPattern("^a", "a".repeat(MAX_MATCH_INPUT + 1));
  assert.ok("error" in result);
  assert.match(result.error, /longer than 4096 characters/);
  assert.deepEqual(testPattern("^a", "a".repeat(MAX_MATCH_INPUT)), { holds: true });
});

Deno.test("checkPattern refuses backreferences and lookarounds with a clear message", () => {
  assert.match(
    checkPattern("(a)\\1") ?? "",
    /^Invalid regular expression "\(a\)\\1": .*backreferences and lookarounds/,
  );
  assert.match(checkPattern("^(?=x)") ?? "", /backreferences and lookarounds are not supported/);
  assert.match(checkPattern("([a-") ?? "", /^Invalid regular expression "\(\[a-"/);
  assert.match(checkPattern("/a/q") ?? "", /unknown flag "q"/);
  assert.equal(checkPattern("^A-\\d{4}$"), null);
  assert.equal(checkPattern("/^a-\\d+$/i"), null);
  // Placeholders are checked as the literals they become.
  assert.equal(checkPattern("^{{order_id}}-\\d+$"), null);
  assert.match(checkPattern("^{{order_id}}(") ?? "", /^Invalid regular expression "\^\{\{order_id\}\}\("/);
});

Deno.test("testPattern honours the i, m and s flags of /pattern/flags", () => {
  assert.deepEqual(testPattern("/^yes$/i", "YES"), { holds: true });
  assert.deepEqual(testPattern("^yes$", "YES"), { holds: false });
  assert.deepEqual(testPattern("/^b$/m", "a\nb"), { holds: true });
  assert.deepEqual(testPattern("/a.b/s", "a\nb"), { holds: true });
});
