/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex>`,
 * the HMAC-SHA256 of the raw body under the app secret (DESIGN §6).
 */

import { createHmac } from "node:crypto";

const PREFIX = "sha256=";
const encoder = new TextEncoder();

/**
 * Checks `X-Hub-Signature-256` against the raw body bytes as received.
 *
 * The bytes are never re-serialised: Meta escapes `/` as `\/` and may escape
 * non-ASCII as `\uXXXX`, so a parse-and-stringify round trip changes them.
 * Missing header, wrong prefix, bad hex or an empty secret answer false.
 */
export function verifySignature(
  rawBody: Uint8Array,
  header: string | null,
  appSecret: string,
): Promise<boolean> {
  return Promise.resolve(checkSignature(rawBody, header, appSecret));
}

function checkSignature(rawBody: Uint8Array, header: string | null, appSecret: string): boolean {
  if (header === null || appSecret === "") return false;
  if (!header.startsWith(PREFIX)) return false;
  const given = hexToBytes(header.slice(PREFIX.length).trim());
  if (given === null) return false;
  return timingSafeEqual(given, hmac(rawBody, appSecret));
}

/** The full `X-Hub-Signature-256` value Meta would send for `rawBody`. */
export function signBody(
  rawBody: Uint8Array | string,
  appSecret: string,
): Promise<string> {
  const bytes = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  return Promise.resolve(PREFIX + bytesToHex(hmac(bytes, appSecret)));
}

// node:crypto's HMAC is one synchronous call: cheaper on the webhook's hot path than WebCrypto's async round trip.
function hmac(data: Uint8Array, secret: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", secret).update(data).digest());
}

/** Looks at every byte whatever it finds, so timing does not leak a prefix. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length === 0 || hex.length % 2 !== 0) return null;
  if (!/^[0-9a-fA-F]+$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
