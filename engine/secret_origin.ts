/**
 * A stored secret follows its API only while the API keeps its origin
 * (DESIGN §4 "Secrets"): a masked `********` sent with a URL (or OAuth token
 * URL) of another scheme, host or port is refused, so that nobody with edit
 * rights can redirect a stored secret to a server of their own.
 */
import { splitUrlTemplate } from "./template_url.ts";
import { SECRET_MASK } from "./types.ts";

/** The auth fields holding secrets, in every auth type. */
export const SECRET_FIELDS = ["token", "value", "password", "clientSecret"] as const;

/** `scheme://host:port` of a URL template (default ports dropped), or null when it has none. */
export function originOf(url: string): string | null {
  const parts = splitUrlTemplate(url);
  if ("error" in parts) return null;
  try {
    return new URL(`${parts.scheme}://${parts.authority}/`).origin;
  } catch {
    return null;
  }
}

/**
 * The first masked secret of `next` that would leave its stored origin, as
 * `{ field, message }` (field: `token`, `value`, `password`, `clientSecret`),
 * or null when every masked secret stays where it was.
 */
export function maskedSecretMoved(
  next: { url: string; auth: object },
  stored: { url: string; auth: object } | undefined,
): { field: string; message: string } | null {
  if (stored === undefined) return null;
  const auth = next.auth as Record<string, unknown>;
  const old = stored.auth as Record<string, unknown>;
  const masked = SECRET_FIELDS.filter((field) =>
    auth[field] === SECRET_MASK && typeof old[field] === "string" && old[field] !== ""
  );
  if (masked.length === 0) return null;
  const moves: [string, string | null, string | null][] = [
    ["URL", originOf(stored.url), originOf(next.url)],
  ];
  if (typeof auth.tokenUrl === "string" || typeof old.tokenUrl === "string") {
    moves.push(["token URL", originOf(String(old.tokenUrl ?? "")), originOf(String(auth.tokenUrl ?? ""))]);
  }
  for (const [what, before, after] of moves) {
    if (before !== after) {
      return {
        field: masked[0],
        message: `Enter the secret again: the stored one was for ${
          before ?? "another address"
        }, and the ${what} now goes to ${after ?? "another address"}`,
      };
    }
  }
  return null;
}

/** Thrown by the API store when a masked secret would follow its API to a new origin. */
export class MaskedSecretMovedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "MaskedSecretMovedError";
  }
}
