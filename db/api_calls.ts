/**
 * The API call log (Developers → Logs): every call, test or live, with the
 * URL already redacted by the caller and secrets removed from the excerpt.
 */
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { ApiResult } from "../engine/types.ts";
import { redact } from "../engine/redact.ts";
import { BOOKKEEPING, writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { apiCalls } from "./schema.ts";
import { compileInsert } from "./sql_names.ts";

export type ApiCallRow = typeof apiCalls.$inferSelect;

/** Status classes of the log filter; `0xx` means no response came. */
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "0xx"] as const;
export type StatusClass = typeof STATUS_CLASSES[number];

const EXCERPT_CHARS = 500;

/**
 * Stores one call. `meta.secrets` are the plaintext secrets of the API
 * (engine/redact.ts secretsOf): an echoing API must not put them in the log.
 */
export async function logApiCall(
  db: Db,
  result: ApiResult,
  meta: {
    apiName: string;
    apiId?: number;
    source: "test" | "simulator" | "live";
    botId?: number;
    contactId?: number;
    secrets?: string[];
  },
): Promise<void> {
  const hide = (text: string) => redact(text, meta.secrets ?? []);
  // Through the group commit: live calls finishing together share one commit.
  await writeBatch(db, [INSERT_CALL({
    at: Date.now(),
    apiId: meta.apiId ?? null,
    apiName: meta.apiName,
    source: meta.source,
    method: result.request.method,
    url: hide(result.request.url),
    status: result.status,
    durationMs: Math.round(result.durationMs),
    size: result.size,
    excerpt: hide(result.body).slice(0, EXCERPT_CHARS),
    error: result.error ? hide(result.error) : null,
    botId: meta.botId ?? null,
    contactId: meta.contactId ?? null,
  })], BOOKKEEPING);
}

const INSERT_CALL = compileInsert(apiCalls, [
  "at",
  "apiId",
  "apiName",
  "source",
  "method",
  "url",
  "status",
  "durationMs",
  "size",
  "excerpt",
  "error",
  "botId",
  "contactId",
]);

/** The newest calls first, filtered by API name and status class. */
export async function listApiCalls(
  db: Db,
  filter: { apiName?: string; statusClass?: StatusClass; limit?: number } = {},
): Promise<ApiCallRow[]> {
  const where: SQL[] = [];
  if (filter.apiName) where.push(eq(apiCalls.apiName, filter.apiName));
  if (filter.statusClass) {
    const base = Number(filter.statusClass[0]) * 100;
    where.push(gte(apiCalls.status, base), lt(apiCalls.status, base === 0 ? 100 : base + 100));
  }
  return await db.select().from(apiCalls).where(and(...where)).orderBy(desc(apiCalls.at), desc(apiCalls.id))
    .limit(filter.limit ?? 200);
}

/** API names that appear in the log, for the filter. */
export async function loggedApiNames(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ name: apiCalls.apiName }).from(apiCalls).orderBy(apiCalls.apiName);
  return rows.map((r) => r.name);
}

/** Deletes calls logged before `before` (epoch ms): the retention of Settings → Logs. */
export async function pruneApiCalls(db: Db, before: number): Promise<void> {
  await db.delete(apiCalls).where(lt(apiCalls.at, before));
}
