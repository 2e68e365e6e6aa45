/** The `end` node: the last word of a conversation. */
import * as v from "valibot";
import type { EndNode } from "../types.ts";
import { located, type NodeKind } from "./node_kind.ts";
import { NodeIdSchema } from "../schema_parts.ts";
import { renderText } from "../template.ts";
import { type Outcome, type Run, send } from "./shared.ts";

export const EndNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("end"),
  text: v.optional(v.string()),
});

/** Sends the rendered text, if any; the conversation then ends. */
export function runEnd(node: EndNode, run: Run): Outcome {
  if (node.text) {
    send(run, {
      type: "text",
      text: renderText(node.text, run.conversation.attributes),
    });
  }
  return { next: null };
}

/** The `end` node type. */
export const endKind: NodeKind<EndNode> = {
  label: "end",
  run: runEnd,
  links: () => [],
  retarget: (node) => node,
  texts: (node) => located(".text", node.text),
  templates: (node) => located(".text", node.text),
  reads: () => [],
  writes: () => [],
  apis: () => [],
  check: () => {},
  summary: (node) => node.text ?? "",
};
