import assert from "node:assert/strict";
import { maskedSecretMoved, originOf } from "./secret_origin.ts";

const stored = { url: "https://shop.example.com/orders/{{id}}", auth: { type: "bearer", token: "sealed" } };

Deno.test("originOf() is scheme, host and port, default ports dropped; null for what has no host", () => {
  assert.equal(originOf("https://Shop.Example.com:443/a/{{b}}"), "https://shop.example.com");
  assert.equal(originOf("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080");
  assert.equal(originOf("http:///{{host}}"), null);
});

Deno.test("secret redirect: maskedSecretMoved() refuses a masked secret sent to a new scheme, host, port or token URL", () => {
  for (
    const url of [
      "https://evil.example/orders",
      "http://shop.example.com/orders",
      "https://shop.example.com:444/",
    ]
  ) {
    const moved = maskedSecretMoved({ url, auth: { type: "bearer", token: "********" } }, stored);
    assert.equal(moved?.field, "token", url);
  }
  assert.equal(
    maskedSecretMoved(
      { url: "https://shop.example.com/v2", auth: { type: "bearer", token: "********" } },
      stored,
    ),
    null,
  );
  assert.equal(
    maskedSecretMoved({ url: "https://evil.example/", auth: { type: "bearer", token: "new" } }, stored),
    null,
  );
  assert.equal(
    maskedSecretMoved(
      { url: "https://evil.example/", auth: { type: "bearer", token: "********" } },
      undefined,
    ),
    null,
  );
  const oauth = {
    url: "https://api.example.com/",
    auth: { type: "oauth2", tokenUrl: "https://login.example.com/token", clientSecret: "sealed" },
  };
  const movedToken = maskedSecretMoved({
    url: "https://api.example.com/",
    auth: { type: "oauth2", tokenUrl: "https://evil.example/token", clientSecret: "********" },
  }, oauth);
  assert.equal(movedToken?.field, "clientSecret");
  assert.match(movedToken!.message, /token URL now goes to https:\/\/evil.example/);
});
