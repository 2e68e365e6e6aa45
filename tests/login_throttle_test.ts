/**
 * Login throttling (issue 9 item 4): a concurrent burst of guesses is
 * counted before any password is checked, password hashing is bounded, and
 * an address's failures slow it down without ever locking out the owner.
 */
import assert from "node:assert/strict";
import { loginFailures } from "../db/schema.ts";
import { hashingStats, MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES } from "../security/passwords.ts";
import { signIn, startServer, TEST_EMAIL, TEST_PASSWORD, type TestServer } from "./harness.ts";

async function login(server: TestServer, email: string, password: string, forwardedFor?: string) {
  // The login form's double-submit CSRF cookie: any 32+ character token, sent both ways.
  const csrf = "t".repeat(40);
  const headers: Record<string, string> = {
    cookie: `chatwire_csrf=${csrf}`,
    "content-type": "application/x-www-form-urlencoded",
  };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers,
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test("password guessing burst: 40 concurrent wrong passwords are counted before hashing and throttled", async () => {
  const server = await startServer({ workers: false });
  try {
    await signIn(server);
    const before = hashingStats().total;
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(server, TEST_EMAIL, `wrong password ${i}`)),
    );
    const hashed = hashingStats().total - before;
    assert.ok(hashed <= 5, `${hashed} passwords were checked; the account allows 5 attempts`);
    assert.equal(statuses.filter((s) => s === 401).length, hashed);
    assert.equal(statuses.filter((s) => s === 429).length, 40 - hashed);
    assert.ok(hashingStats().peak <= MAX_CONCURRENT_HASHES, `peak ${hashingStats().peak} hashes at once`);
    // And the right password is refused while the account is locked.
    assert.equal(await login(server, TEST_EMAIL, TEST_PASSWORD), 429);
  } finally {
    await server.close();
  }
});

Deno.test("password spraying burst: 24 concurrent logins to 24 accounts never hash more than 2 at once nor queue more than 16", async () => {
  const server = await startServer({ workers: false });
  try {
    await signIn(server);
    let maxWaiting = 0;
    const watching = setInterval(() => maxWaiting = Math.max(maxWaiting, hashingStats().waiting), 1);
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => login(server, `user${i}@example.com`, "wrong password")),
    );
    clearInterval(watching);
    assert.ok(statuses.every((s) => s === 401 || s === 429), String(statuses));
    assert.ok(hashingStats().peak <= MAX_CONCURRENT_HASHES, `peak ${hashingStats().peak} hashes at once`);
    assert.ok(maxWaiting <= MAX_WAITING_HASHES, `${maxWaiting} hashes waited`);
  } finally {
    await server.close();
  }
});

Deno.test("lockout by a stranger: failures from the owner's address (one proxy) cannot lock out the owner", async () => {
  const server = await startServer({ workers: false, env: { CHATWIRE_TRUST_PROXY: "true" } });
  try {
    await signIn(server);
    const proxy = "10.0.0.1, 203.0.113.9";
    for (let i = 0; i < 6; i++) {
      assert.equal(await login(server, `stranger${i % 2}@example.com`, "guess guess", proxy), 401);
    }
    // The address is slowed down, never locked: the right password still gets in.
    assert.equal(await login(server, TEST_EMAIL, TEST_PASSWORD, "192.0.2.1, 203.0.113.9"), 303);
    const keys = (await server.db.select().from(loginFailures)).map((r) => r.key).sort();
    assert.ok(keys.includes("address:203.0.113.9"), `the proxy's last entry is the address: ${keys}`);
    assert.ok(!keys.some((k) => k.includes("10.0.0.1")), "a client-sent entry is not trusted");
  } finally {
    await server.close();
  }
});
