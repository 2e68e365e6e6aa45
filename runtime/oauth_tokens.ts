/**
 * One OAuth 2.0 token cache per database for the whole process: the
 * simulator, the WhatsApp worker and the editor's Test share tokens, and a
 * token request in flight is shared by every call waiting for it.
 */
import { stateOf } from "../db/cache.ts";
import type { Db } from "../db/client.ts";
import { oauthTokenStore } from "../db/oauth_tokens.ts";
import { TokenCache } from "../engine/oauth2.ts";
import type { SecretBox } from "../security/secret_box.ts";

/** This database's token cache (hung on the Db, db/cache.ts). */
export function tokenCacheFor(deps: { db: Db; secrets: SecretBox }): TokenCache {
  return stateOf(deps.db, "oauth tokens", () => new TokenCache(oauthTokenStore(deps.db, deps.secrets)));
}
