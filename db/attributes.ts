/**
 * The workspace's custom attributes (DESIGN §4): shared by every bot, edited
 * on the Attributes page and created or updated by bot document imports.
 */
import type { InStatement } from "@libsql/client";
import { asc, eq } from "drizzle-orm";
import type { AttributeDef, AttributeType, AttributeValue } from "../engine/types.ts";
import type { Db } from "./client.ts";
import { attributes } from "./schema.ts";
import { compileUpsert } from "./sql_names.ts";

/** An attribute as the pages see it: the definition plus its row id. */
export interface AttributeRecord extends AttributeDef {
  id: number;
  description: string;
  updatedAt: number;
}

type Row = typeof attributes.$inferSelect;

/** Every attribute definition, by name. */
export async function listAttributeDefs(db: Db): Promise<AttributeDef[]> {
  return (await listAttributes(db)).map(({ name, type, default: value, description }) => {
    const def: AttributeDef = { name, type };
    if (value !== undefined) def.default = value;
    if (description) def.description = description;
    return def;
  });
}

/** Every attribute with its id, by name. */
export async function listAttributes(db: Db): Promise<AttributeRecord[]> {
  const rows = await db.select().from(attributes).orderBy(asc(attributes.name));
  return rows.map(toRecord);
}

export async function getAttribute(db: Db, id: number): Promise<AttributeRecord | undefined> {
  const row = await db.query.attributes.findFirst({ where: eq(attributes.id, id) });
  return row && toRecord(row);
}

export async function findAttributeByName(db: Db, name: string): Promise<AttributeRecord | undefined> {
  const row = await db.query.attributes.findFirst({ where: eq(attributes.name, name) });
  return row && toRecord(row);
}

/** Creates an attribute; undefined when the name is taken. */
export async function createAttribute(db: Db, def: AttributeDef): Promise<AttributeRecord | undefined> {
  const [row] = await db.insert(attributes).values(columns(def)).onConflictDoNothing().returning();
  return row && toRecord(row);
}

/** Replaces an attribute's definition (name included). */
export async function updateAttribute(db: Db, id: number, def: AttributeDef): Promise<void> {
  await db.update(attributes).set({ ...columns(def), updatedAt: Date.now() }).where(eq(attributes.id, id));
}

export async function deleteAttribute(db: Db, id: number): Promise<void> {
  await db.delete(attributes).where(eq(attributes.id, id));
}

/** Creates or updates attributes by name (bot document import). */
export async function upsertAttributes(
  db: Db,
  defs: AttributeDef[],
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const def of defs) {
    const existing = await findAttributeByName(db, def.name);
    if (existing) {
      await updateAttribute(db, existing.id, def);
      updated.push(def.name);
    } else {
      await createAttribute(db, def);
      created.push(def.name);
    }
  }
  return { created, updated };
}

/**
 * What `upsertAttributes` writes, as statements for a caller's batch (bot
 * document import): each creates the attribute or, when the name is taken,
 * replaces its definition.
 */
export function upsertAttributeStatements(defs: AttributeDef[], now = Date.now()): InStatement[] {
  return defs.map((def) => UPSERT({ ...columns(def), createdAt: now, updatedAt: now }));
}

const UPSERT = compileUpsert(
  attributes,
  ["name", "type", "defaultValue", "description", "createdAt", "updatedAt"],
  [attributes.name],
  [attributes.type, attributes.defaultValue, attributes.description, attributes.updatedAt],
);

function columns(def: AttributeDef) {
  return {
    name: def.name,
    type: def.type,
    defaultValue: def.default === undefined ? null : JSON.stringify(def.default),
    description: def.description ?? "",
  };
}

function toRecord(row: Row): AttributeRecord {
  const record: AttributeRecord = {
    id: row.id,
    name: row.name,
    type: row.type as AttributeType,
    description: row.description,
    updatedAt: row.updatedAt,
  };
  if (row.defaultValue !== null) {
    try {
      record.default = JSON.parse(row.defaultValue) as AttributeValue;
    } catch {
      record.default = row.defaultValue;
    }
  }
  return record;
}
