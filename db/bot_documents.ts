/**
 * Importing and exporting whole `chatwire.bot/v1` documents (DESIGN §4):
 * a bot's flow with the workspace attributes and APIs it uses.
 */
import { eq, sql } from "drizzle-orm";
import { type DocumentError, parseBotDocument } from "../engine/bot_document.ts";
import { placeholdersOf } from "../engine/placeholders.ts";
import { apisOfNodes, attributesOfNode } from "../engine/nodes/mod.ts";
import type { ApiDef, AttributeDef, BotDocument, Flow } from "../engine/types.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { exportApiDefs, upsertApiStatements } from "./apis.ts";
import { listAttributeDefs, upsertAttributeStatements } from "./attributes.ts";
import { writeBatch } from "./batch.ts";
import { flowContext, getBot } from "./bots.ts";
import type { Db } from "./client.ts";
import { bots } from "./schema.ts";
import { compileStatement, insertWhere, param, returning, updateWhere } from "./sql_names.ts";

/** What an import created and updated, by name. */
export interface ImportChanges {
  created: { attributes: string[]; apis: string[] };
  updated: { attributes: string[]; apis: string[] };
}

export type ImportResult =
  | ({ ok: true; id: number } & ImportChanges)
  | { ok: false; errors: DocumentError[] };

/**
 * Validates a document and writes it in one batch (all or nothing): its
 * attributes and APIs are created or updated by name, then a new bot is
 * created (or the draft and name of `botId` replaced). Nothing is written
 * when invalid.
 */
export async function importBotDocument(
  deps: { db: Db; secrets: SecretBox },
  input: unknown,
  options: { botId?: number } = {},
): Promise<ImportResult> {
  const context = await flowContext(deps.db);
  const parsed = parseBotDocument(input, context);
  if (!parsed.ok) return parsed;
  const doc = parsed.document;
  // Everything is read and sealed first, then written in one batch rather than
  // an interactive transaction, which can stall the embedded database (db/batch.ts).
  const now = Date.now();
  const apis = await upsertApiStatements(deps.db, deps.secrets, doc.apis, now);
  if (apis.errors.length > 0) {
    return {
      ok: false,
      errors: apis.errors.map((e) => ({ path: `apis[${e.index}].auth.${e.field}`, message: e.message })),
    };
  }
  const values = { name: doc.name, flow: JSON.stringify(doc.flow), at: now, id: options.botId };
  const bot = options.botId === undefined ? CREATE_BOT(values) : REPLACE_BOT(values);
  const existing = new Set(context.attributes);
  const results = await writeBatch(deps.db, [
    ...upsertAttributeStatements(doc.attributes, now),
    ...apis.statements,
    bot,
  ]);
  const id = Number(results.at(-1)?.rows[0]?.[bots.id.name] ?? options.botId);
  const names = doc.attributes.map((a) => a.name);
  return {
    ok: true,
    id,
    created: { attributes: names.filter((n) => !existing.has(n)), apis: apis.created },
    updated: { attributes: names.filter((n) => existing.has(n)), apis: apis.updated },
  };
}

const CREATE_BOT = compileStatement(
  sql`${
    insertWhere(bots, {
      name: param("name"),
      draftFlow: param("flow"),
      createdAt: param("at"),
      updatedAt: param("at"),
    }, sql`1`)
  }${returning(bots.id)}`,
);
const REPLACE_BOT = compileStatement(
  sql`${
    updateWhere(
      bots,
      { name: param("name"), draftFlow: param("flow"), updatedAt: param("at") },
      eq(bots.id, param("id")),
    )
  }${returning(bots.id)}`,
);

/**
 * A bot's draft (or `flow`, e.g. a published version) as a document carrying
 * the APIs its flow calls and the attributes the flow and those APIs use.
 * Secrets are masked unless `secrets` is true.
 */
export async function exportBotDocument(
  deps: { db: Db; secrets: SecretBox },
  botId: number,
  options: { secrets?: boolean; flow?: Flow } = {},
): Promise<BotDocument | undefined> {
  const bot = await getBot(deps.db, botId);
  if (!bot) return undefined;
  const flow = options.flow ?? bot.draftFlow;
  const apiNames = apisOfNodes(flow.nodes);
  const apis: ApiDef[] = apiNames.length === 0
    ? []
    : await exportApiDefs(deps.db, deps.secrets, apiNames, { secrets: options.secrets ?? false });
  const used = new Set([...flow.nodes.flatMap(attributesOfNode), ...apis.flatMap(attributesOfApi)]);
  const attributes = (await listAttributeDefs(deps.db)).filter((a) => used.has(a.name)).map(cleanAttribute);
  return { format: "chatwire.bot/v1", name: bot.name, attributes, apis, flow };
}

function attributesOfApi(api: ApiDef): string[] {
  return [...placeholdersOf(api), ...api.mappings.map((m) => m.attribute)];
}

/** Drops empty optional fields, so an export reads like what was imported. */
function cleanAttribute(a: AttributeDef): AttributeDef {
  const out: AttributeDef = { name: a.name, type: a.type };
  if (a.default !== undefined && a.default !== null) out.default = a.default;
  if (a.description) out.description = a.description;
  return out;
}
