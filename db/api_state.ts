/**
 * What testing an API leaves behind: the test values per placeholder, the
 * last test status, the statuses seen, the saved response per status and
 * the mappings picked from them.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Mapping } from "../engine/types.ts";
import type { Db } from "./client.ts";
import { apis, apiSamples } from "./schema.ts";

/** Statuses seen in tests of the API named `apiName`, ascending (route suggestions). */
export async function seenStatuses(db: Db, apiName: string): Promise<number[]> {
  const row = await db.query.apis.findFirst({
    where: eq(apis.name, apiName),
    columns: { seenStatuses: true },
  });
  return row ? statusesOf(row.seenStatuses) : [];
}

/** Remembers a test: its values, its status, and the status among those seen. */
export async function recordTest(
  db: Db,
  id: number,
  test: { status: number; values: Record<string, string> },
): Promise<void> {
  const row = await db.query.apis.findFirst({ where: eq(apis.id, id), columns: { seenStatuses: true } });
  if (!row) return;
  await db.update(apis).set({
    testValues: JSON.stringify(test.values),
    lastTestStatus: test.status,
    lastTestAt: Date.now(),
    seenStatuses: JSON.stringify(withStatus(statusesOf(row.seenStatuses), test.status)),
  }).where(eq(apis.id, id));
}

/** A saved response of one status code: the sample that mappings for that status are picked from. */
export interface ApiSample {
  status: number;
  /** JSON text. */
  body: string;
  savedAt: number;
}

/** The API's saved samples, one per status code, ascending by status. */
export async function listSamples(db: Db, apiId: number): Promise<ApiSample[]> {
  return await db.select({ status: apiSamples.status, body: apiSamples.body, savedAt: apiSamples.savedAt })
    .from(apiSamples).where(eq(apiSamples.apiId, apiId)).orderBy(asc(apiSamples.status));
}

/**
 * Saves a response as the API's sample for its status, replacing only the
 * earlier sample of that same status (a 404 never replaces the 200).
 */
export async function saveSample(
  db: Db,
  apiId: number,
  sample: { status: number; body: string },
): Promise<void> {
  const row = await db.query.apis.findFirst({ where: eq(apis.id, apiId), columns: { seenStatuses: true } });
  if (!row) return;
  const savedAt = Date.now();
  await db.batch([
    db.insert(apiSamples).values({ apiId, status: sample.status, body: sample.body, savedAt })
      .onConflictDoUpdate({
        target: [apiSamples.apiId, apiSamples.status],
        set: { body: sample.body, savedAt },
      }),
    db.update(apis).set({
      seenStatuses: JSON.stringify(withStatus(statusesOf(row.seenStatuses), sample.status)),
    }).where(eq(apis.id, apiId)),
  ]);
}

/** Forgets one saved sample. */
export async function deleteSample(db: Db, apiId: number, status: number): Promise<void> {
  await db.delete(apiSamples).where(and(eq(apiSamples.apiId, apiId), eq(apiSamples.status, status)));
}

export async function saveMappings(db: Db, id: number, mappings: Mapping[]): Promise<void> {
  await db.update(apis).set({ mappings: JSON.stringify(mappings), updatedAt: Date.now() })
    .where(eq(apis.id, id));
}

function withStatus(statuses: number[], status: number): number[] {
  if (status <= 0 || statuses.includes(status)) return statuses;
  return [...statuses, status].sort((a, b) => a - b);
}

function statusesOf(json: string): number[] {
  try {
    const list = JSON.parse(json);
    return Array.isArray(list) ? list.filter((n) => typeof n === "number") : [];
  } catch {
    return [];
  }
}
