/**
 * Regression test for an editor stealing an OAuth client secret they cannot
 * read: pointing the token URL at their own server while leaving the
 * (masked) secret to be kept must be refused, so the secret is never sent
 * anywhere but the origin it was typed for.
 */
import assert from "node:assert/strict";
import { findApiId, getApi } from "../db/apis.ts";
import { startFakeOAuth } from "./fake_oauth.ts";
import { postForm, signIn, startServer } from "./harness.ts";

Deno.test("Stealing a stored OAuth client secret by moving the token URL to another origin is refused", async () => {
  const server = await startServer({ workers: false });
  const owner = startFakeOAuth();
  const attacker = startFakeOAuth();
  try {
    const session = await signIn(server);
    const fields = {
      name: "Orders",
      method: "GET",
      url: `${owner.url}/orders/{{order_id}}`,
      bodyType: "none",
      authType: "oauth2",
      tokenUrl: `${owner.url}/token`,
      clientId: owner.clientId,
      clientSecret: owner.clientSecret,
      keyIn: "header",
      timeoutMs: "5000",
      retry: "0",
    };
    assert.equal((await postForm(server, session, "/apis", fields)).status, 303);
    const id = (await findApiId(server.db, "Orders"))!;

    // The attacker leaves the secret empty ("keep it") and moves the token URL.
    const moved = await postForm(server, session, `/apis/${id}`, {
      ...fields,
      tokenUrl: `${attacker.url}/token`,
      clientSecret: "",
    });
    assert.equal(moved.status, 422);
    assert.match(
      await moved.text(),
      /Enter the secret again: the stored one was for http:\/\/127\.0\.0\.1:\d+, and the token URL now goes to/,
    );
    const stored = (await getApi(server.db, server.deps.secrets, id))!;
    assert.equal(stored.def.auth.type === "oauth2" && stored.def.auth.tokenUrl, `${owner.url}/token`);

    // A test afterwards still goes to the owner's token URL; the attacker's server hears nothing.
    const test = await postForm(server, session, `/apis/${id}/test`, { testId: "t", "value:order_id": "1" });
    await test.body?.cancel();
    assert.equal(owner.tokenRequests, 1);
    assert.equal(attacker.tokenRequests, 0);

    // Moving it with the secret typed again is fine: the typer knows the secret.
    const retyped = await postForm(server, session, `/apis/${id}`, {
      ...fields,
      tokenUrl: `${attacker.url}/token`,
    });
    assert.equal(retyped.status, 303);
    await retyped.body?.cancel();
  } finally {
    await owner.close();
    await attacker.close();
    await server.close();
  }
});
