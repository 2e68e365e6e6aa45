/** The `message` node: sends its text and goes on. */
import * as v from "valibot";
import type { MessageNode } from "../types.ts";
import { link, located, moved, type NodeKind } from "./node_kind.ts";
import { NodeIdSchema, nonEmpty, TargetSchema } from "../schema_parts.ts";
import { renderText } from "../template.ts";
import { type Outcome, type Run, send } from "./shared.ts";

export const MessageNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("message"),
  text: nonEmpty("A message text"),
  next: v.optional(TargetSchema),
});

/** Sends the rendered text; continues to `next` (or ends). */
export function runMessage(node: MessageNode, run: Run): Outcome {
  send(run, {
    type: "text",
    text: renderText(node.text, run.conversation.attributes),
  });
  return { next: node.next ?? null };
}

/** The `message` node type. */
export const messageKind: NodeKind<MessageNode> = {
  label: "message",
  run: runMessage,
  links: (node) => link(".next", "", node.next),
  retarget: (node, from, to) => node.next === from ? { ...node, next: moved(node.next, from, to) } : node,
  texts: (node) => located(".text", node.text),
  templates: (node) => located(".text", node.text),
  reads: () => [],
  writes: () => [],
  apis: () => [],
  check: () => {},
  summary: (node) => node.text,
};
