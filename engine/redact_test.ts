import assert from "node:assert/strict";
import { basicCredentials, redact, secretsOf } from "./redact.ts";

Deno.test("redact() masks a secret as typed, percent-encoded in either case, form-encoded and JSON-escaped", () => {
  assert.equal(redact("a=s3cr%2Ft&b=s3cr/t", ["s3cr/t"]), "a=********&b=********");
  const secret = 'k e/y"\\é';
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
  for (const form of forms) assert.equal(redact(`x ${form} y`, [secret]), "x ******** y", form);
});

Deno.test("secret leak: basic credentials are masked as the password and as base64 of user:password", () => {
  const auth = { type: "basic" as const, username: "ada", password: "pä55" };
  const secrets = secretsOf(auth);
  assert.deepEqual(secrets, ["pä55", basicCredentials("ada", "pä55")]);
  assert.equal(basicCredentials("ada", "pä55"), btoa("ada:p\u00c3\u00a455"));
  assert.equal(redact(`Authorization: Basic ${secrets[1]}`, secrets), "Authorization: Basic ********");
});

Deno.test("secret leak: even a short secret is masked, and every auth type names its secrets", () => {
  assert.equal(redact("pin=42", ["42"]), "pin=********");
  assert.deepEqual(secretsOf({ type: "bearer", token: "t0k" }), ["t0k"]);
  assert.deepEqual(secretsOf({ type: "apiKey", in: "query", name: "api_key", value: "v" }), ["v"]);
  assert.deepEqual(secretsOf({ type: "none" }), []);
  // OAuth 2.0's client secret, once that auth type exists, by the same field name.
  assert.deepEqual(
    secretsOf({ type: "oauth2", clientSecret: "cs", clientId: "id" } as never),
    ["cs"],
  );
});
