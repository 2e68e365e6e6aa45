/** The flow's valibot schema: one node schema per type, from `nodes/<type>.ts`. */
import * as v from "valibot";
import { MessageNodeSchema } from "./nodes/message.ts";
import { QuestionNodeSchema } from "./nodes/question.ts";
import { ApiNodeSchema } from "./nodes/api.ts";
import { ConditionNodeSchema } from "./nodes/condition.ts";
import { SetNodeSchema } from "./nodes/set.ts";
import { EndNodeSchema } from "./nodes/end.ts";

/** One flow node, by type. */
export const NodeSchema = v.variant("type", [
  MessageNodeSchema,
  QuestionNodeSchema,
  ApiNodeSchema,
  ConditionNodeSchema,
  SetNodeSchema,
  EndNodeSchema,
], 'Node types are "message", "question", "api", "condition", "set" and "end"');

export const FlowSchema = v.object({
  start: v.string(),
  nodes: v.pipe(v.array(NodeSchema), v.minLength(1, "A flow needs at least one node")),
});
