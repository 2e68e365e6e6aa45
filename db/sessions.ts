import { and, eq, gt, lt } from "drizzle-orm";
import { randomToken, sha256Hex } from "../security/tokens.ts";
import type { Db } from "./client.ts";
import { sessions, users } from "./schema.ts";
import type { User } from "./users.ts";

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SessionInfo {
  user: User;
  csrfToken: string;
  expiresAt: number;
}

/** Starts a session; returns the cookie value (only its hash is stored). */
export async function createSession(db: Db, userId: number, now = Date.now()): Promise<string> {
  const token = randomToken();
  await db.insert(sessions).values({
    idHash: await sha256Hex(token),
    userId,
    csrfToken: randomToken(24),
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
  });
  return token;
}

/** The live session for a cookie value, or undefined when unknown or expired. */
export async function findSession(db: Db, token: string, now = Date.now()): Promise<SessionInfo | undefined> {
  const [row] = await db.select({ user: users, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, await sha256Hex(token)), gt(sessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, await sha256Hex(token)));
}

export async function pruneSessions(db: Db, now = Date.now()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
