/**
 * What the table editor knows of a node type: how a stored node becomes the
 * editor's draft, how a draft becomes a node again (before the document's
 * schema checks it), and what the table row says the node does. One file per
 * type beside engine/nodes/<type>.ts; `NODE_VIEWS` in ./mod.ts lists them all.
 */
import type { JSX } from "preact";
import type { FlowNode } from "../../engine/types.ts";
import type { NodeDraft } from "../flow_draft.ts";

export interface NodeView<N extends FlowNode> {
  /** The draft of a stored node, from the empty draft of its type. */
  draft(node: N, empty: NodeDraft): NodeDraft;
  /** The node's fields from a draft; `undefined` values are dropped before the schema parses them. */
  candidate(d: NodeDraft, id: string): Record<string, unknown>;
  /** What the table's row says the node does. */
  says(node: N): JSX.Element;
}

/** A form field's text, or undefined when only blanks were typed. */
export function opt(s: string): string | undefined {
  return s.trim() === "" ? undefined : s.trim();
}

/** The object without its `undefined` values (the schema's optional fields are left out, not undefined). */
export function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
}
