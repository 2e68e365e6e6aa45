/**
 * Writing an API import plan (engine/api_import): APIs created or updated
 * by name, in one batch with the text attributes their placeholders need.
 * Importing the same document again keeps what the team added since: the
 * mappings, the secrets typed in, the test values and the saved samples.
 */
import type { InStatement } from "@libsql/client";
import { inArray } from "drizzle-orm";
import type { ImportPlan } from "../engine/api_import/mod.ts";
import type { ApiAuth, ApiDef } from "../engine/types.ts";
import { SECRET_MASK } from "../engine/types.ts";
import { maskedSecretMoved } from "../engine/secret_origin.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { upsertApiStatements } from "./apis.ts";
import { writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { apis, attributes } from "./schema.ts";

/** What an import does (preview) or did (apply), by name. */
export interface ImportOutcome {
  created: string[];
  updated: string[];
  skipped: { name: string; reason: string }[];
  /** Attributes created as `text` because placeholders use them. */
  attributesCreated: string[];
  /** Secrets not kept because an API's URL moved to another origin. */
  warnings: string[];
}

const SECRET_FIELDS = ["token", "value", "password", "clientSecret"] as const;

/** What applying `plan` would create and update now; writes nothing. */
export async function previewImport(db: Db, plan: ImportPlan): Promise<ImportOutcome> {
  const names = plan.apis.map((a) => a.def.name);
  const existing = new Set(
    names.length === 0
      ? []
      : (await db.select({ name: apis.name }).from(apis).where(inArray(apis.name, names))).map((r) => r.name),
  );
  const known = plan.attributes.length === 0 ? new Set<string>() : new Set(
    (await db.select({ name: attributes.name }).from(attributes).where(
      inArray(attributes.name, plan.attributes),
    ))
      .map((r) => r.name),
  );
  return {
    created: names.filter((n) => !existing.has(n)),
    updated: names.filter((n) => existing.has(n)),
    skipped: plan.skipped,
    attributesCreated: plan.attributes.filter((n) => !known.has(n)),
    warnings: [],
  };
}

/** Applies `plan` in one batch (all or nothing) and says what it did. */
export async function applyImport(db: Db, secrets: SecretBox, plan: ImportPlan): Promise<ImportOutcome> {
  const outcome = await previewImport(db, plan);
  const names = plan.apis.map((a) => a.def.name);
  const stored = new Map(
    (names.length === 0 ? [] : await db.select().from(apis).where(inArray(apis.name, names)))
      .map((row) => [row.name, row]),
  );
  const defs: ApiDef[] = plan.apis.map(({ def }) => {
    const row = stored.get(def.name);
    if (!row) return def;
    // A stored secret follows its API only while its URL and token URL keep their origin (DESIGN §4 Secrets).
    const kept = keepSecrets(def.auth, JSON.parse(row.authEnc) as ApiAuth);
    const moved = maskedSecretMoved({ url: def.url, auth: kept }, {
      url: row.url,
      auth: JSON.parse(row.authEnc),
    });
    if (moved) outcome.warnings.push(`"${def.name}": ${moved.message}; its stored secrets were not kept`);
    const auth = moved ? def.auth : kept;
    return { ...def, mappings: JSON.parse(row.mappings), auth };
  });
  const now = Date.now();
  const upserts = await upsertApiStatements(db, secrets, defs, now);
  for (const error of upserts.errors) {
    outcome.skipped.push({ name: error.name, reason: error.message });
    outcome.created = outcome.created.filter((n) => n !== error.name);
    outcome.updated = outcome.updated.filter((n) => n !== error.name);
  }
  const statements: InStatement[] = plan.attributes.map((name) => ({
    sql: `INSERT INTO attributes (name, type, default_value, description, created_at, updated_at)
      VALUES (?, 'text', NULL, '', ?, ?) ON CONFLICT(name) DO NOTHING`,
    args: [name, now, now],
  }));
  statements.push(...upserts.statements);
  for (const api of plan.apis) {
    if (Object.keys(api.testValues).length > 0) {
      // Values a tester typed since the last import win over the document's.
      statements.push({
        sql: "UPDATE apis SET test_values = ? WHERE name = ? AND test_values = '{}'",
        args: [JSON.stringify(api.testValues), api.def.name],
      });
    }
    // One sample per documented status (DESIGN §4); one saved by a test since the last import wins.
    for (const sample of api.samples) {
      statements.push({
        sql:
          `INSERT INTO api_samples (api_id, status, body, saved_at) SELECT id, ?, ?, ? FROM apis WHERE name = ?
          ON CONFLICT(api_id, status) DO NOTHING`,
        args: [sample.status, sample.body, now, api.def.name],
      });
    }
    if (api.samples.length > 0) {
      // The documented statuses are offered as routes in the flow editor, like tested ones.
      statements.push({
        sql: `UPDATE apis SET seen_statuses = (SELECT json_group_array(status) FROM (
            SELECT value AS status FROM json_each(apis.seen_statuses)
            UNION SELECT status FROM api_samples WHERE api_id = apis.id ORDER BY 1))
          WHERE name = ?`,
        args: [api.def.name],
      });
    }
  }
  await writeBatch(db, statements);
  return outcome;
}

/**
 * The imported auth, with each secret the document leaves empty taken from
 * the stored auth of the same type (SECRET_MASK tells the upsert to keep it).
 */
function keepSecrets(imported: ApiAuth, stored: ApiAuth): ApiAuth {
  if (imported.type !== stored.type) return imported;
  const copy = { ...imported } as Record<string, string>;
  const old = stored as unknown as Record<string, string>;
  for (const field of SECRET_FIELDS) {
    if (copy[field] === "" && typeof old[field] === "string" && old[field] !== "") copy[field] = SECRET_MASK;
  }
  // The client id and other plain fields typed in since the last import are kept too.
  for (const field of ["username", "clientId"]) {
    if (copy[field] === "" && typeof old[field] === "string") copy[field] = old[field];
  }
  return copy as unknown as ApiAuth;
}
