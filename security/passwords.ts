import { scrypt, timingSafeEqual } from "node:crypto";
import pLimit from "p-limit";

// scrypt N=2^15, r=8, p=1: about 50 ms and 32 MiB per hash on a small VPS.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash` (hex). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, hex(salt), hex(hash)].join("$");
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = unhex(hash);
  const actual = await derive(password, unhex(salt), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Hashes computed at once: each takes 32 MiB, so a login burst cannot grow memory without bound. */
export const MAX_CONCURRENT_HASHES = 2;
/** Hashes allowed to wait for a turn; past this, `PasswordsBusyError` (the login answers 429). */
export const MAX_WAITING_HASHES = 16;

const limit = pLimit(MAX_CONCURRENT_HASHES);
const stats = { peak: 0, total: 0 };

/** Thrown instead of queueing a hash when too many already wait. */
export class PasswordsBusyError extends Error {
  override name = "PasswordsBusyError";
  constructor() {
    super("Too many sign-in attempts at once: try again in a moment");
  }
}

/** Hashes running now, the most that ever ran at once, and how many were computed (for tests and metrics). */
export function hashingStats(): { active: number; waiting: number; peak: number; total: number } {
  return { active: limit.activeCount, waiting: limit.pendingCount, ...stats };
}

function derive(password: string, salt: Uint8Array, params: typeof PARAMS): Promise<Uint8Array> {
  if (limit.pendingCount >= MAX_WAITING_HASHES) return Promise.reject(new PasswordsBusyError());
  return limit(() => {
    stats.total++;
    stats.peak = Math.max(stats.peak, limit.activeCount);
    return scryptOnce(password, salt, params);
  });
}

function scryptOnce(password: string, salt: Uint8Array, params: typeof PARAMS): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      params,
      (error, key) => error ? reject(error) : resolve(new Uint8Array(key)),
    )
  );
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}
