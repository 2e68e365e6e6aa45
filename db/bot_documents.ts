/**
 * Importing and exporting whole `chatwire.bot/v1` documents (DESIGN §4):
 * a bot's flow with the workspace attributes and APIs it uses.
 */
import { eq } from "drizzle-orm";
import { type DocumentError, parseBotDocument } from "../engine/bot_document.ts";
import { placeholdersInText, placeholdersOf } from "../engine/placeholders.ts";
import type { ApiDef, AttributeDef, BotDocument, Flow, FlowNode } from "../engine/types.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { exportApiDefs, upsertApis } from "./apis.ts";
import { listAttributeDefs, upsertAttributes } from "./attributes.ts";
import { createBot, flowContext, getBot } from "./bots.ts";
import type { Db } from "./client.ts";
import { bots } from "./schema.ts";

/** What an import created and updated, by name. */
export interface ImportChanges {
  created: { attributes: string[]; apis: string[] };
  updated: { attributes: string[]; apis: string[] };
}

export type ImportResult =
  | ({ ok: true; id: number } & ImportChanges)
  | { ok: false; errors: DocumentError[] };

/**
 * Validates a document and writes it in one transaction: its attributes and
 * APIs are created or updated by name, then a new bot is created (or the
 * draft and name of `botId` replaced). Nothing is written when invalid.
 */
export async function importBotDocument(
  deps: { db: Db; secrets: SecretBox },
  input: unknown,
  options: { botId?: number } = {},
): Promise<ImportResult> {
  const parsed = parseBotDocument(input, await flowContext(deps.db));
  if (!parsed.ok) return parsed;
  const doc = parsed.document;
  return await deps.db.transaction(async (tx) => {
    // A transaction answers the same queries as the database.
    const db = tx as unknown as Db;
    const attributes = await upsertAttributes(db, doc.attributes);
    const apis = await upsertApis(db, deps.secrets, doc.apis);
    let id = options.botId;
    if (id === undefined) {
      id = (await createBot(db, { name: doc.name, flow: doc.flow })).id;
    } else {
      await db.update(bots).set({
        name: doc.name,
        draftFlow: JSON.stringify(doc.flow),
        updatedAt: Date.now(),
      })
        .where(eq(bots.id, id));
    }
    return {
      ok: true as const,
      id,
      created: { attributes: attributes.created, apis: apis.created },
      updated: { attributes: attributes.updated, apis: apis.updated },
    };
  });
}

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
  const apiNames = unique(flow.nodes.flatMap((n) => n.type === "api" ? [n.api] : []));
  const apis: ApiDef[] = apiNames.length === 0
    ? []
    : await exportApiDefs(deps.db, deps.secrets, apiNames, { secrets: options.secrets ?? false });
  const used = new Set([...flow.nodes.flatMap(attributesOfNode), ...apis.flatMap(attributesOfApi)]);
  const attributes = (await listAttributeDefs(deps.db)).filter((a) => used.has(a.name)).map(cleanAttribute);
  return { format: "chatwire.bot/v1", name: bot.name, attributes, apis, flow };
}

/** The attribute names a node reads or writes. */
function attributesOfNode(node: FlowNode): string[] {
  switch (node.type) {
    case "message":
      return placeholdersInText(node.text);
    case "question":
      return [
        ...(node.attribute ? [node.attribute] : []),
        ...placeholdersInText(node.text),
        ...placeholdersInText(node.invalid ?? ""),
      ];
    case "set":
      return [node.attribute, ...placeholdersInText(node.value)];
    case "condition":
      return node.rules.flatMap((r) => [r.attribute, ...placeholdersInText(r.value ?? "")]);
    case "end":
      return placeholdersInText(node.text ?? "");
    case "api":
      return [];
  }
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

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
