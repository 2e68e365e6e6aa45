/** The `set` node: stores a rendered template in an attribute. */
import * as v from "valibot";
import type { SetNode } from "../types.ts";
import { link, moved, type NodeKind } from "./node_kind.ts";
import { NodeIdSchema, TargetSchema } from "../schema_parts.ts";
import { renderText } from "../template.ts";
import { attributeType, coerceValue, isSystemAttribute, type Outcome, type Run } from "./shared.ts";

export const SetNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("set"),
  attribute: v.string(),
  value: v.string(),
  next: v.optional(TargetSchema),
});

/** Renders `value`, coerces it to the attribute's type and stores it. */
export function runSet(node: SetNode, run: Run): Outcome {
  const next = node.next ?? null;
  if (isSystemAttribute(node.attribute)) {
    // A validated document cannot contain this; a stale one must not break sys.*.
    run.trace.push({
      type: "error",
      message: `Cannot set "${node.attribute}": system attributes are read-only`,
    });
    return { next };
  }
  const attributes = run.conversation.attributes;
  const value = coerceValue(
    renderText(node.value, attributes),
    attributeType(run, node.attribute),
  );
  attributes[node.attribute] = value;
  run.trace.push({ type: "set", attribute: node.attribute, value });
  return { next };
}

/** The `set` node type. */
export const setKind: NodeKind<SetNode> = {
  label: "set",
  run: runSet,
  links: (node) => link(".next", "", node.next),
  retarget: (node, from, to) => node.next === from ? { ...node, next: moved(node.next, from, to) } : node,
  texts: () => [],
  templates: (node) => [[".value", node.value]],
  reads: () => [],
  writes: (node) => [[".attribute", node.attribute]],
  apis: () => [],
  check: () => {},
  summary: (node) => `${node.attribute} = ${node.value}`,
};
