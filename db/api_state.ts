/**
 * What testing an API leaves behind: the test values per placeholder, the
 * last test status, the statuses seen, the saved response structure and
 * the mappings picked from it.
 */
import { eq } from "drizzle-orm";
import type { Mapping } from "../engine/types.ts";
import type { Db } from "./client.ts";
import { apis } from "./schema.ts";

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

/** Saves a response as the API's structure, the sample that mappings are picked from. */
export async function recordSample(
  db: Db,
  id: number,
  sample: { body: string; status: number },
): Promise<void> {
  const row = await db.query.apis.findFirst({ where: eq(apis.id, id), columns: { seenStatuses: true } });
  if (!row) return;
  await db.update(apis).set({
    sampleBody: sample.body,
    sampleStatus: sample.status,
    seenStatuses: JSON.stringify(withStatus(statusesOf(row.seenStatuses), sample.status)),
  }).where(eq(apis.id, id));
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
