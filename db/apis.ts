/**
 * The workspace's APIs (DESIGN §4), shared by every bot. Auth secrets are
 * sealed (AES-GCM, security/secret_box.ts) before they reach the database
 * and opened only for calls; pages and exports see SECRET_MASK.
 */
import type { InStatement } from "@libsql/client";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { ApiAuth, ApiBody, ApiDef, HttpMethod, KeyValue, Mapping } from "../engine/types.ts";
import { SECRET_MASK } from "../engine/types.ts";
import { maskedSecretMoved, MaskedSecretMovedError } from "../engine/secret_origin.ts";
import type { SecretBox } from "../security/secret_box.ts";
import type { Db } from "./client.ts";
import { apiOfNode, describeUse, workspaceNodes } from "./flow_uses.ts";
import { apis, apiSamples } from "./schema.ts";
import { compileUpsert } from "./sql_names.ts";

export {
  deleteSample,
  listSamples,
  recordTest,
  saveMappings,
  saveSample,
  seenStatuses,
} from "./api_state.ts";
export type { ApiSample } from "./api_state.ts";

/** A stored API with its test state; `def` holds plaintext secrets: never render it. */
export interface ApiRecord {
  id: number;
  def: ApiDef;
  testValues: Record<string, string>;
  seenStatuses: number[];
  lastTestStatus: number | null;
  lastTestAt: number | null;
  updatedAt: number;
}

/** A line of the APIs list. */
export interface ApiSummary {
  id: number;
  name: string;
  method: string;
  url: string;
  lastTestStatus: number | null;
  lastTestAt: number | null;
  /** Names of the bots whose flows call it. */
  usedBy: string[];
}

type Row = typeof apis.$inferSelect;

/** The secret fields of each auth type. */
const SECRET_FIELDS = ["token", "value", "password", "clientSecret"] as const;

/** All workspace APIs by name, secrets opened, for the interpreter. */
export async function loadApiDefs(db: Db, secrets: SecretBox): Promise<Record<string, ApiDef>> {
  const out: Record<string, ApiDef> = {};
  for (const row of await db.select().from(apis).orderBy(asc(apis.name))) {
    out[row.name] = await toDef(row, secrets);
  }
  return out;
}

/** The list page: every API with its last test and the bots using it. */
export async function listApiSummaries(db: Db): Promise<ApiSummary[]> {
  const rows = await db.select().from(apis).orderBy(asc(apis.name));
  const users = await apiUsers(db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    method: row.method,
    url: row.url,
    lastTestStatus: row.lastTestStatus,
    lastTestAt: row.lastTestAt,
    usedBy: [...new Set((users.get(row.name) ?? []).map((u) => u.split(" › ")[0]))],
  }));
}

/** One API with its test state, secrets opened. */
export async function getApi(db: Db, secrets: SecretBox, id: number): Promise<ApiRecord | undefined> {
  const row = await db.query.apis.findFirst({ where: eq(apis.id, id) });
  if (!row) return undefined;
  return {
    id: row.id,
    def: await toDef(row, secrets),
    testValues: parse(row.testValues, {}),
    seenStatuses: parse(row.seenStatuses, []),
    lastTestStatus: row.lastTestStatus,
    lastTestAt: row.lastTestAt,
    updatedAt: row.updatedAt,
  };
}

/** The API whose name equals `name` ignoring case (names are unique case-insensitively), if any. */
export async function findApiIdIgnoringCase(db: Db, name: string): Promise<number | undefined> {
  const row = await db.query.apis.findFirst({
    where: sql`lower(${apis.name}) = lower(${name})`,
    columns: { id: true },
  });
  return row?.id;
}

export async function findApiId(db: Db, name: string): Promise<number | undefined> {
  const row = await db.query.apis.findFirst({ where: eq(apis.name, name), columns: { id: true } });
  return row?.id;
}

/**
 * Creates (no `id`) or replaces an API. A secret equal to SECRET_MASK keeps
 * the stored one; any other secret is sealed. Returns the id.
 */
export async function saveApi(db: Db, secrets: SecretBox, def: ApiDef, id?: number): Promise<number> {
  const stored = id === undefined ? undefined : await db.query.apis.findFirst({ where: eq(apis.id, id) });
  const values = {
    name: def.name,
    method: def.method,
    url: def.url,
    query: JSON.stringify(def.query),
    headers: JSON.stringify(def.headers),
    body: JSON.stringify(def.body),
    authEnc: JSON.stringify(await sealAuth(def, stored, secrets)),
    timeoutMs: def.timeoutMs,
    retryAttempts: def.retry?.attempts ?? 0,
    mappings: JSON.stringify(def.mappings),
  };
  if (stored) {
    await db.update(apis).set({ ...values, updatedAt: Date.now() }).where(eq(apis.id, stored.id));
    return stored.id;
  }
  const [row] = await db.insert(apis).values(values).returning({ id: apis.id });
  return row.id;
}

/** Creates or updates APIs by name (bot document import); SECRET_MASK keeps a stored secret. */
export async function upsertApis(
  db: Db,
  secrets: SecretBox,
  defs: ApiDef[],
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const def of defs) {
    const id = await findApiId(db, def.name);
    await saveApi(db, secrets, def, id);
    (id === undefined ? created : updated).push(def.name);
  }
  return { created, updated };
}

/**
 * What `upsertApis` writes, as statements for a caller's batch (bot document
 * import), with the names they create and update. Secrets are sealed now; a
 * SECRET_MASK keeps the secret stored when this is called.
 */
export async function upsertApiStatements(
  db: Db,
  secrets: SecretBox,
  defs: ApiDef[],
  now = Date.now(),
): Promise<{
  statements: InStatement[];
  created: string[];
  updated: string[];
  /** APIs left out because a masked secret would move to a new origin (`index` into `defs`). */
  errors: { index: number; name: string; field: string; message: string }[];
}> {
  const names = defs.map((d) => d.name);
  const rows = names.length === 0 ? [] : await db.select().from(apis).where(inArray(apis.name, names));
  const stored = new Map(rows.map((r) => [r.name, r]));
  const statements: InStatement[] = [];
  const created: string[] = [];
  const updated: string[] = [];
  const errors: { index: number; name: string; field: string; message: string }[] = [];
  for (const [index, def] of defs.entries()) {
    const row = stored.get(def.name);
    let auth: ApiAuth;
    try {
      auth = await sealAuth(def, row, secrets);
    } catch (error) {
      if (!(error instanceof MaskedSecretMovedError)) throw error;
      errors.push({ index, name: def.name, field: error.field, message: error.message });
      continue;
    }
    (row ? updated : created).push(def.name);
    statements.push(UPSERT_API({
      name: def.name,
      method: def.method,
      url: def.url,
      query: JSON.stringify(def.query),
      headers: JSON.stringify(def.headers),
      body: JSON.stringify(def.body),
      authEnc: JSON.stringify(auth),
      timeoutMs: def.timeoutMs,
      retryAttempts: def.retry?.attempts ?? 0,
      mappings: JSON.stringify(def.mappings),
      createdAt: now,
      updatedAt: now,
    }));
  }
  return { statements, created, updated, errors };
}

const UPSERT_API = compileUpsert(
  apis,
  [
    "name",
    "method",
    "url",
    "query",
    "headers",
    "body",
    "authEnc",
    "timeoutMs",
    "retryAttempts",
    "mappings",
    "createdAt",
    "updatedAt",
  ],
  [apis.name],
  [
    apis.method,
    apis.url,
    apis.query,
    apis.headers,
    apis.body,
    apis.authEnc,
    apis.timeoutMs,
    apis.retryAttempts,
    apis.mappings,
    apis.updatedAt,
  ],
);

/** The named APIs for a bot document export: secrets masked unless `options.secrets`. */
export async function exportApiDefs(
  db: Db,
  secrets: SecretBox,
  names: string[],
  options: { secrets: boolean },
): Promise<ApiDef[]> {
  const all = await loadApiDefs(db, secrets);
  return names.filter((n) => all[n]).map((n) =>
    options.secrets ? all[n] : { ...all[n], auth: maskAuth(all[n].auth) }
  );
}

export async function deleteApi(db: Db, id: number): Promise<void> {
  await db.batch([
    db.delete(apiSamples).where(eq(apiSamples.apiId, id)),
    db.delete(apis).where(eq(apis.id, id)),
  ]);
}

/** The flow nodes calling each API, by API name (`Bot › node (draft)`). */
export async function apiUsers(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { use, node } of await workspaceNodes(db)) {
    const api = apiOfNode(node);
    if (api) out.set(api, [...(out.get(api) ?? []), describeUse(use)]);
  }
  return out;
}

/** The auth with each non-empty secret replaced by SECRET_MASK: what pages and exports see. */
export function maskAuth(auth: ApiAuth): ApiAuth {
  const copy = { ...auth } as Record<string, string>;
  for (const field of SECRET_FIELDS) {
    if (typeof copy[field] === "string" && copy[field] !== "") copy[field] = SECRET_MASK;
  }
  return copy as unknown as ApiAuth;
}

async function sealAuth(
  def: ApiDef,
  stored: Row | undefined,
  secrets: SecretBox,
): Promise<ApiAuth> {
  const auth = def.auth;
  const old = stored ? parse<Record<string, string>>(stored.authEnc, {}) : {};
  // Every write of an API comes here: pages, document import, Postman/OpenAPI import.
  const moved = maskedSecretMoved(def, stored && { url: stored.url, auth: old });
  if (moved) throw new MaskedSecretMovedError(moved.field, moved.message);
  const copy = { ...auth } as Record<string, string>;
  for (const field of SECRET_FIELDS) {
    const value = copy[field];
    if (typeof value !== "string") continue;
    if (value === SECRET_MASK) copy[field] = typeof old[field] === "string" ? old[field] : "";
    else if (value !== "") copy[field] = await secrets.seal(value);
  }
  return copy as unknown as ApiAuth;
}

async function toDef(row: Row, secrets: SecretBox): Promise<ApiDef> {
  const auth = parse<Record<string, string>>(row.authEnc, { type: "none" });
  for (const field of SECRET_FIELDS) {
    if (typeof auth[field] === "string" && auth[field] !== "") auth[field] = await secrets.open(auth[field]);
  }
  const def: ApiDef = {
    name: row.name,
    method: row.method as HttpMethod,
    url: row.url,
    query: parse<KeyValue[]>(row.query, []),
    headers: parse<KeyValue[]>(row.headers, []),
    body: parse<ApiBody>(row.body, null),
    auth: auth as unknown as ApiAuth,
    timeoutMs: row.timeoutMs,
    mappings: parse<Mapping[]>(row.mappings, []),
  };
  if (row.retryAttempts > 0) def.retry = { attempts: row.retryAttempts };
  return def;
}

function parse<T>(json: string | null, fallback: T): T {
  if (json === null) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
