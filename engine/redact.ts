/**
 * The one redaction of Chatwire (DESIGN §4 "Secrets"): whatever is stored,
 * logged or rendered — call log, turn traces, error texts, server logs,
 * pages — passes through here first, so no secret is written anywhere but
 * its encrypted column. A secret is masked in every form it may take on the
 * way out: as typed, percent-encoded (either case, `+` or `%20` for a
 * space), JSON-escaped, and for basic auth the base64 of `user:password`.
 */
import type { ApiAuth } from "./types.ts";
import { SECRET_MASK } from "./types.ts";

/**
 * The secret strings of an API's auth. OAuth 2.0 (`clientSecret`) and any
 * access token fetched for it are secrets too: pass the token to `redact`
 * beside these.
 */
export function secretsOf(auth: ApiAuth): string[] {
  const fields = auth as Record<string, unknown>;
  const secrets: string[] = [];
  for (const field of ["token", "value", "password", "clientSecret", "accessToken"]) {
    if (typeof fields[field] === "string" && fields[field] !== "") secrets.push(fields[field] as string);
  }
  if (auth.type === "basic") secrets.push(basicCredentials(auth.username, auth.password));
  return secrets;
}

/** `user:password` as the base64 of its UTF-8 bytes, as `Authorization: Basic` carries it. */
export function basicCredentials(username: string, password: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/**
 * `text` with every form of every secret replaced by `********`. Every
 * non-empty secret counts, however short: a short secret may mask ordinary
 * text, which is better than showing it.
 */
export function redact(text: string, secrets: readonly string[]): string {
  if (text === "" || secrets.length === 0) return text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    const encoded = encodeURIComponent(secret);
    forms.add(secret);
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(encodeURI(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so that a form containing another is masked whole.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.replaceAll(form, SECRET_MASK);
  }
  return out;
}

/** A function masking `secrets` in any text, for callers that redact many fields. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  return (text) => redact(text, secrets);
}
