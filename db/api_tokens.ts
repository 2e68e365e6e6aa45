import { and, desc, eq, isNull } from "drizzle-orm";
import { randomToken, sha256Hex } from "../security/tokens.ts";
import type { Db } from "./client.ts";
import { apiTokens, users } from "./schema.ts";
import type { User } from "./users.ts";

export type ApiToken = typeof apiTokens.$inferSelect;

/**
 * Creates a token for `createdBy`, who owns it: it acts with that user's
 * role and dies with them (DESIGN §7). The plaintext is returned once and
 * only its hash is kept.
 */
export async function createApiToken(
  db: Db,
  input: { name: string; createdBy: number },
): Promise<{ token: string; row: ApiToken }> {
  const token = `cw_${randomToken(30)}`;
  const [row] = await db.insert(apiTokens).values({
    name: input.name,
    createdBy: input.createdBy,
    tokenHash: await sha256Hex(token),
    prefix: token.slice(0, 10),
  }).returning();
  return { token, row };
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return await db.select().from(apiTokens).orderBy(desc(apiTokens.id));
}

export async function revokeApiToken(db: Db, id: number, now = Date.now()): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length > 0;
}

/**
 * The live token matching `token` and the user it acts as, with its
 * last-used time updated. A token whose user is gone (or that never had
 * one) is dead.
 */
export async function useApiToken(
  db: Db,
  token: string,
  now = Date.now(),
): Promise<{ token: ApiToken; user: User } | undefined> {
  const [found] = await db.select({ token: apiTokens, user: users }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), isNull(apiTokens.revokedAt)));
  if (!found) return undefined;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, found.token.id));
  return { token: { ...found.token, lastUsedAt: now }, user: found.user };
}
