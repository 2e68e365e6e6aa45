/**
 * Where each attribute is used: in API placeholders, in API mappings and in
 * flow nodes. The Attributes page lists it, and deleting a used attribute
 * is refused with this list.
 */
import { placeholdersOf } from "../engine/placeholders.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { loadApiDefs } from "./apis.ts";
import type { Db } from "./client.ts";
import { attributesOfNode, describeUse, workspaceNodes } from "./flow_uses.ts";

export interface AttributeUses {
  /** APIs whose request uses `{{name}}`. */
  apis: string[];
  /** APIs that store a response field into the attribute. */
  mappings: string[];
  /** Flow nodes, as `Bot › node (draft)`. */
  nodes: string[];
}

/** The uses of every attribute, by attribute name. */
export async function attributeUses(db: Db, secrets: SecretBox): Promise<Map<string, AttributeUses>> {
  const out = new Map<string, AttributeUses>();
  const entry = (name: string) => {
    let uses = out.get(name);
    if (!uses) out.set(name, uses = { apis: [], mappings: [], nodes: [] });
    return uses;
  };
  for (const api of Object.values(await loadApiDefs(db, secrets))) {
    for (const name of placeholdersOf(api)) entry(name).apis.push(api.name);
    for (const name of new Set(api.mappings.map((m) => m.attribute))) entry(name).mappings.push(api.name);
  }
  for (const { use, node } of await workspaceNodes(db, { running: true })) {
    for (const name of attributesOfNode(node)) {
      const nodes = entry(name).nodes;
      const text = describeUse(use);
      if (!nodes.includes(text)) nodes.push(text);
    }
  }
  return out;
}

/** True when the uses list anything. */
export function isUsed(uses: AttributeUses | undefined): boolean {
  return !!uses && uses.apis.length + uses.mappings.length + uses.nodes.length > 0;
}
