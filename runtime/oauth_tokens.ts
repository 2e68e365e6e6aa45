/**
 * One OAuth 2.0 token cache per database for the whole process: the
 * simulator, the WhatsApp worker and the editor's Test share tokens, and a
 * token request in flight is shared by every call waiting for it.
 */
import type { Db } from "../db/client.ts";
import { oauthTokenStore } from "../db/oauth_tokens.ts";
import { TokenCache } from "../engine/oauth2.ts";
import type { SecretBox } from "../security/secret_box.ts";

const caches = new WeakMap<Db, TokenCache>();

export function tokenCacheFor(deps: { db: Db; secrets: SecretBox }): TokenCache {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, cache = new TokenCache(oauthTokenStore(deps.db, deps.secrets)));
  return cache;
}
