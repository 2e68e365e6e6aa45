import assert from "node:assert/strict";
import { signBody, verifySignature } from "./signature.ts";

const SECRET = "app-secret-123";
const encoder = new TextEncoder();

// Meta escapes "/" as "\/" and non-ASCII as "\uXXXX" in the bytes it signs.
const ESCAPED =
  '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"url":"https:\\/\\/lookaside.fbsbx.com\\/x","text":{"body":"caf\\u00e9 \\ud83d\\udc4d"}},"field":"messages"}]}]}';

Deno.test("verifySignature() accepts the HMAC of the raw bytes", async () => {
  const body = encoder.encode('{"object":"whatsapp_business_account"}');
  const header = await signBody(body, SECRET);
  assert.match(header, /^sha256=[0-9a-f]{64}$/);
  assert.equal(await verifySignature(body, header, SECRET), true);
});

Deno.test("verifySignature() accepts a known HMAC-SHA256 vector", async () => {
  // RFC 4231 test case 2: key "Jefe".
  const body = encoder.encode("what do ya want for nothing?");
  const header = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  assert.equal(await verifySignature(body, header, "Jefe"), true);
  assert.equal(await signBody(body, "Jefe"), header);
});

Deno.test("verifySignature() refuses a wrong signature or secret", async () => {
  const body = encoder.encode('{"a":1}');
  const header = await signBody(body, SECRET);
  const flipped = header.slice(0, -1) + (header.endsWith("0") ? "1" : "0");
  assert.equal(await verifySignature(body, flipped, SECRET), false);
  assert.equal(await verifySignature(body, header, "other-secret"), false);
  assert.equal(
    await verifySignature(encoder.encode('{"a":2}'), header, SECRET),
    false,
  );
});

Deno.test("verifySignature() refuses a missing header or empty secret", async () => {
  const body = encoder.encode("{}");
  assert.equal(await verifySignature(body, null, SECRET), false);
  assert.equal(await verifySignature(body, "", SECRET), false);
  const header = await signBody(body, SECRET);
  assert.equal(await verifySignature(body, header, ""), false);
});

Deno.test("verifySignature() refuses a wrong prefix, short or bad hex", async () => {
  const body = encoder.encode("{}");
  const hex = (await signBody(body, SECRET)).slice("sha256=".length);
  for (
    const header of [
      hex,
      "sha1=" + hex,
      "SHA256=" + hex,
      "sha256=" + hex.slice(0, 62),
      "sha256=" + hex + "00",
      "sha256=" + hex.slice(0, 63) + "g",
      "sha256=",
    ]
  ) {
    assert.equal(await verifySignature(body, header, SECRET), false, header);
  }
});

Deno.test("verifySignature() accepts upper-case hex", async () => {
  const body = encoder.encode("{}");
  const header = await signBody(body, SECRET);
  const upper = "sha256=" + header.slice(7).toUpperCase();
  assert.equal(await verifySignature(body, upper, SECRET), true);
});

Deno.test("verifySignature() checks escaped bodies as received, not re-serialised", async () => {
  const raw = encoder.encode(ESCAPED);
  const header = await signBody(raw, SECRET);
  assert.equal(await verifySignature(raw, header, SECRET), true);

  const reserialised = JSON.stringify(JSON.parse(ESCAPED));
  assert.notEqual(reserialised, ESCAPED);
  assert.ok(
    reserialised.includes("https://lookaside") &&
      reserialised.includes("café 👍"),
  );
  assert.equal(
    await verifySignature(encoder.encode(reserialised), header, SECRET),
    false,
  );
});

Deno.test("signBody() signs a string as its UTF-8 bytes", async () => {
  assert.equal(
    await signBody("café", SECRET),
    await signBody(encoder.encode("café"), SECRET),
  );
});
