/**
 * Where the workspace's attributes and APIs are used in bot flows: the
 * draft of every bot and every published version, read as JSON so that a
 * half-edited draft still counts.
 */
import { asc, sql } from "drizzle-orm";
import * as v from "valibot";
import { placeholdersInText } from "../engine/placeholders.ts";
import { NodeSchema } from "../engine/flow_schema.ts";
import { apisOfNodes, attributesOfNode as nodeAttributes } from "../engine/nodes/mod.ts";
import type { Db } from "./client.ts";
import { bots, botVersions, conversations } from "./schema.ts";

/** One node that uses something, e.g. bot "Order status", node "ask" (draft). */
export interface NodeUse {
  botId: number;
  botName: string;
  nodeId: string;
  /** `draft` or `version 3`. */
  where: string;
}

interface LooseNode {
  id?: unknown;
  type?: unknown;
  [field: string]: unknown;
}

/**
 * Every node of every flow (drafts and published versions), with its bot.
 * With `running`, only the versions something runs on: each bot's live
 * version and those a waiting conversation is pinned to (an idle one starts
 * again on the live version), so an attribute that only an old version
 * names can be deleted (issue 11).
 */
export async function workspaceNodes(
  db: Db,
  options: { running?: boolean } = {},
): Promise<{ use: NodeUse; node: LooseNode }[]> {
  const botRows = await db.select({
    id: bots.id,
    name: bots.name,
    flow: bots.draftFlow,
    live: bots.publishedVersion,
  }).from(bots).orderBy(asc(bots.name));
  let versionRows = await db.select().from(botVersions);
  if (options.running) {
    const pinned = new Set(
      (await db.selectDistinct({
        botId: conversations.botId,
        version: sql<number>`json_extract(${conversations.state}, '$.version')`,
      }).from(conversations).where(
        sql`json_extract(${conversations.state}, '$.status') in ('waiting', 'running')`,
      )).map((r) => `${r.botId}:${r.version}`),
    );
    const live = new Set(botRows.map((b) => `${b.id}:${b.live}`));
    versionRows = versionRows.filter((v) =>
      live.has(`${v.botId}:${v.version}`) || pinned.has(`${v.botId}:${v.version}`)
    );
  }
  const names = new Map(botRows.map((b) => [b.id, b.name]));
  const flows = [
    ...botRows.map((b) => ({ botId: b.id, where: "draft", flow: b.flow })),
    ...versionRows.map((v) => ({ botId: v.botId, where: `version ${v.version}`, flow: v.flow })),
  ];
  const out: { use: NodeUse; node: LooseNode }[] = [];
  for (const { botId, where, flow } of flows) {
    for (const node of nodesOf(flow)) {
      out.push({
        use: { botId, botName: names.get(botId) ?? `bot ${botId}`, nodeId: String(node.id ?? "?"), where },
        node,
      });
    }
  }
  return out;
}

/**
 * The attributes a node reads or writes, as its type's descriptor lists them.
 * A node its schema refuses (a stale or half-edited draft) counts every
 * attribute field and every placeholder it holds: a use too many only delays a
 * deletion, a use too few lets an attribute vanish under a flow.
 */
export function attributesOfNode(node: LooseNode): string[] {
  const parsed = v.safeParse(NodeSchema, node);
  if (parsed.success) return nodeAttributes(parsed.output);
  const names = new Set<string>();
  const add = (value: unknown) => typeof value === "string" && value !== "" && names.add(value);
  const texts = (value: unknown) => {
    if (typeof value === "string") placeholdersInText(value).forEach((n) => names.add(n));
  };
  add(node.attribute);
  texts(node.text);
  texts(node.invalid);
  texts(node.value);
  for (const rule of arrayOf(node.rules)) {
    add(rule.attribute);
    texts(rule.value);
  }
  for (const choice of arrayOf(node.choices)) {
    texts(choice.title);
    texts(choice.value);
  }
  return [...names];
}

/** The API a node calls, if any (a refused node: its `api` field). */
export function apiOfNode(node: LooseNode): string | undefined {
  const parsed = v.safeParse(NodeSchema, node);
  if (parsed.success) return apisOfNodes([parsed.output])[0];
  return node.type === "api" && typeof node.api === "string" ? node.api : undefined;
}

/** A readable list of uses: `Order status › ask (draft)`. */
export function describeUse(use: NodeUse): string {
  return `${use.botName} › ${use.nodeId} (${use.where})`;
}

function nodesOf(json: string): LooseNode[] {
  try {
    const flow = JSON.parse(json) as { nodes?: unknown };
    return arrayOf(flow?.nodes);
  } catch {
    return [];
  }
}

function arrayOf(value: unknown): LooseNode[] {
  return Array.isArray(value) ? value.filter((x) => x !== null && typeof x === "object") : [];
}
