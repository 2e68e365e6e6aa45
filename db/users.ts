import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { apiTokens, sessions, users } from "./schema.ts";

export type User = typeof users.$inferSelect;
export type Role = User["role"];

/** How many admin accounts exist (0 means first-run setup). */
export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row.n;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return await db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
}

export async function listUsers(db: Db): Promise<User[]> {
  return await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
}

/** Creates a user; returns undefined when the email is taken. */
export async function createUser(
  db: Db,
  input: { email: string; passwordHash: string; role: Role },
): Promise<User | undefined> {
  const [row] = await db.insert(users).values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing().returning();
  return row;
}

/**
 * Creates the first owner, or nothing when any user exists: one statement,
 * so concurrent first-run setups cannot each create an owner.
 */
export async function createFirstOwner(
  db: Db,
  input: { email: string; passwordHash: string },
): Promise<User | undefined> {
  const rows = await db.all<Record<string, unknown>>(sql`
    INSERT INTO ${users} (email, password_hash, role, created_at)
    SELECT ${normalizeEmail(input.email)}, ${input.passwordHash}, 'owner', ${Date.now()}
    WHERE NOT EXISTS (SELECT 1 FROM ${users})
    RETURNING id`);
  if (rows.length === 0) return undefined;
  return await db.query.users.findFirst({ where: eq(users.id, Number(rows[0].id)) });
}

/** Removes a user, their sessions and their API tokens (revoked, so the list still shows them). */
export async function deleteUser(db: Db, id: number, now = Date.now()): Promise<void> {
  await db.batch([
    db.delete(sessions).where(eq(sessions.userId, id)),
    db.update(apiTokens).set({ revokedAt: now }).where(
      and(eq(apiTokens.createdBy, id), isNull(apiTokens.revokedAt)),
    ),
    db.delete(users).where(eq(users.id, id)),
  ]);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
