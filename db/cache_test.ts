import assert from "node:assert/strict";
import { cacheOf, dropState, forget, stateOf, TtlCache } from "./cache.ts";
import { openDb } from "./client.ts";

Deno.test("TtlCache: an entry is trusted for its TTL only, and the oldest go first past the bound", () => {
  const cache = new TtlCache<string, number>(1000, 2);
  cache.set("a", 1, 0);
  assert.equal(cache.get("a", 999), 1);
  assert.equal(cache.get("a", 1000), undefined, "expired at its TTL");
  cache.set("a", 1, 2000);
  cache.set("b", 2, 2001);
  cache.set("c", 3, 2002);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("a", 2003), undefined, "the oldest was evicted");
  assert.equal(cache.get("c", 2003), 3);
});

Deno.test("cacheOf() hangs one cache per name on its database, and forget() drops one entry or all", async () => {
  const one = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  const two = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    const a = cacheOf<number, string>(one.db, "test.names", 60_000);
    a.set(1, "x");
    a.set(2, "y");
    assert.equal(cacheOf<number, string>(one.db, "test.names", 60_000).get(1), "x", "the same cache by name");
    assert.equal(cacheOf<number, string>(two.db, "test.names", 60_000).get(1), undefined, "per database");
    forget(one.db, "test.names", 1);
    assert.equal(a.get(1), undefined);
    assert.equal(a.get(2), "y");
    forget(one.db, "test.names");
    assert.equal(a.size, 0);
  } finally {
    one.close();
    two.close();
  }
});

Deno.test("stateOf() makes one state per name and database, kept until dropState() or close", async () => {
  const one = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  const two = await openDb(`file:${await Deno.makeTempFile({ suffix: ".db" })}`);
  try {
    let made = 0;
    const make = () => ({ n: ++made });
    const first = stateOf(one.db, "counter", make);
    assert.equal(stateOf(one.db, "counter", make), first, "made once per database");
    assert.notEqual(stateOf(two.db, "counter", make), first, "each database has its own");
    assert.equal(made, 2);
    assert.equal(dropState(one.db, "counter"), first);
    assert.notEqual(stateOf(one.db, "counter", make), first, "made again after dropState");
  } finally {
    one.close();
    two.close();
  }
  assert.equal(dropState(one.db, "counter"), undefined, "close dropped it");
});
