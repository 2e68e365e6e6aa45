/**
 * The stored OAuth 2.0 tokens (engine/oauth2.ts TokenStore): sealed with the
 * instance's secret box, keyed by the hash of an API's name and credentials.
 */
import { eq } from "drizzle-orm";
import type { StoredToken, TokenStore } from "../engine/oauth2.ts";
import type { SecretBox } from "../security/secret_box.ts";
import type { Db } from "./client.ts";
import { oauthTokens } from "./schema.ts";

/** The database behind a TokenCache. */
export function oauthTokenStore(db: Db, secrets: SecretBox): TokenStore {
  return {
    async load(key: string): Promise<StoredToken | undefined> {
      const row = await db.query.oauthTokens.findFirst({ where: eq(oauthTokens.key, key) });
      if (!row) return undefined;
      const token: StoredToken = { accessToken: await secrets.open(row.tokenEnc), expiresAt: row.expiresAt };
      if (row.scope !== null) token.scope = row.scope;
      return token;
    },
    async save(key: string, apiName: string, token: StoredToken): Promise<void> {
      const values = {
        key,
        apiName,
        tokenEnc: await secrets.seal(token.accessToken),
        scope: token.scope ?? null,
        expiresAt: token.expiresAt,
        updatedAt: Date.now(),
      };
      await db.insert(oauthTokens).values(values).onConflictDoUpdate({
        target: oauthTokens.key,
        set: values,
      });
    },
  };
}
