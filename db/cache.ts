/**
 * The one home of what this process keeps in memory about a database: the
 * opened channels, the contacts a webhook wrote a moment ago, the attribute
 * types and API ids a call needs, … Each cache hangs on the `Db` that
 * openDb returns (a hidden property, so it lives and dies with the
 * database), under a name.
 *
 * One invalidation rule for all of them: an entry is trusted for its cache's
 * `ttlMs` at most (other processes sharing the file may change what it
 * mirrors), and the code of this process that writes what a cache mirrors
 * drops the entry at once with `forget(db, name, key)` — or the whole cache
 * with `forget(db, name)`.
 *
 * What is per database but no TTL cache (the group committer of
 * db/batch.ts, the cap of calls in flight per API, the OAuth token cache)
 * hangs on the same holder with `stateOf(db, name, make)`; openDb's close
 * drops it all with `forgetAll`.
 */
import type { Db } from "./client.ts";

/** A map whose entries expire `ttlMs` after they were set; the oldest go first past `max`. */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { at: number; value: V }>();
  constructor(readonly ttlMs: number, readonly max = 10_000) {}

  /** The value set less than `ttlMs` ago, else undefined (and the entry dropped). */
  get(key: K, now = Date.now()): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at < this.ttlMs) return hit.value;
    this.#entries.delete(key);
    return undefined;
  }

  has(key: K, now = Date.now()): boolean {
    return this.get(key, now) !== undefined;
  }

  set(key: K, value: V, now = Date.now()): void {
    // Re-inserted so the map stays ordered by time: expiry and eviction stop at the first fresh entry.
    this.#entries.delete(key);
    this.#entries.set(key, { at: now, value });
    this.#prune(now);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.max && now - entry.at < this.ttlMs) break;
      this.#entries.delete(key);
    }
  }
}

const HOLDER = Symbol("chatwire.perDatabase");
interface PerDatabase {
  caches: Map<string, TtlCache<unknown, unknown>>;
  state: Map<string, unknown>;
}

function holderOf(db: Db): PerDatabase {
  const holder = db as unknown as { [HOLDER]?: PerDatabase };
  return holder[HOLDER] ??= { caches: new Map(), state: new Map() };
}

/**
 * The cache `name` of this database, made on first use with `ttlMs` (and at
 * most `max` entries). Every caller of one name must ask for the same types.
 */
export function cacheOf<K, V>(db: Db, name: string, ttlMs: number, max?: number): TtlCache<K, V> {
  const { caches } = holderOf(db);
  let cache = caches.get(name);
  if (!cache) caches.set(name, cache = new TtlCache(ttlMs, max));
  return cache as TtlCache<K, V>;
}

/** Drops `key` from the cache `name` (or the whole cache) after this process changed what it mirrors. */
export function forget(db: Db, name: string, key?: unknown): void {
  const cache = holderOf(db).caches.get(name);
  if (key === undefined) cache?.clear();
  else cache?.delete(key);
}

/**
 * This database's state `name` that is not a TTL cache, made by `make` on
 * first use and kept until the database closes (or `dropState`). Every
 * caller of one name must ask for the same type.
 */
export function stateOf<T>(db: Db, name: string, make: () => T): T {
  const { state } = holderOf(db);
  if (state.has(name)) return state.get(name) as T;
  const value = make();
  state.set(name, value);
  return value;
}

/** Drops this database's state `name`, if any; answers what it was. */
export function dropState<T>(db: Db, name: string): T | undefined {
  const { state } = holderOf(db);
  const value = state.get(name) as T | undefined;
  state.delete(name);
  return value;
}

/** Drops every cache and state of this database (openDb's close, after closing what needs closing). */
export function forgetAll(db: Db): void {
  const holder = holderOf(db);
  holder.caches.clear();
  holder.state.clear();
}
