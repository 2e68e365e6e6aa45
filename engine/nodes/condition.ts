/** The `condition` node: the first rule that holds picks the way. */
import * as v from "valibot";
import type { AttributeValue, ConditionNode, ConditionRule } from "../types.ts";
import { type CheckContext, link, type Located, moved, type NodeKind } from "./node_kind.ts";
import { NodeIdSchema, TargetSchema } from "../schema_parts.ts";
import { renderText } from "../template.ts";
import { checkPattern, testPattern } from "../regex.ts";
import { isNumeric, type Outcome, type Run } from "./shared.ts";

export const CONDITION_OPS = [
  "eq",
  "neq",
  "contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "empty",
  "matches",
] as const;

export const ConditionRuleSchema = v.object({
  attribute: v.string(),
  op: v.picklist(CONDITION_OPS, `Operators are ${CONDITION_OPS.join(", ")}`),
  value: v.optional(v.string()),
  next: TargetSchema,
});

export const ConditionNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("condition"),
  rules: v.array(ConditionRuleSchema),
  else: v.optional(TargetSchema),
});

/**
 * Routes to the first rule that holds, else to `else` (or ends). Rule values
 * are templates, so a rule can compare with another attribute.
 */
export function runCondition(node: ConditionNode, run: Run): Outcome {
  const attributes = run.conversation.attributes;
  for (const [i, rule] of node.rules.entries()) {
    const expected = renderText(rule.value ?? "", attributes);
    if (holds(rule, attributes[rule.attribute], expected, run)) {
      run.trace.push({
        type: "route",
        nodeId: node.id,
        route: `rules[${i}]`,
        next: rule.next,
      });
      return { next: rule.next };
    }
  }
  const next = node.else ?? null;
  run.trace.push({ type: "route", nodeId: node.id, route: "else", next });
  return { next };
}

/**
 * Whether a rule holds. Both sides numeric → compared as numbers; otherwise
 * as texts, case-insensitively for eq/neq/contains (people type "Yes" and
 * "yes"). `exists` means a non-blank value, `empty` its opposite.
 */
export function holds(
  rule: ConditionRule,
  actual: AttributeValue | undefined,
  expected: string,
  run?: Run,
): boolean {
  const text = actual === undefined ? "" : String(actual);
  const numeric = actual !== undefined && isNumeric(actual) &&
    isNumeric(expected);
  const a = numeric ? Number(actual) : text.toLowerCase();
  const b = numeric ? Number(expected) : expected.toLowerCase();
  switch (rule.op) {
    case "eq":
      return a === b;
    case "neq":
      return a !== b;
    case "contains":
      return text.toLowerCase().includes(expected.toLowerCase());
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "exists":
      return text.trim() !== "";
    case "empty":
      return text.trim() === "";
    case "matches": {
      // Bounded matching lives in engine/regex.ts (DESIGN §5).
      const result = testPattern(rule.value ?? "", text, run?.conversation.attributes);
      if ("error" in result) run?.trace.push({ type: "error", message: result.error });
      return "holds" in result && result.holds;
    }
  }
}

/** Why a rule's regular expression cannot be used, or null (see engine/regex.ts). */
export function compileRegex(source: string): string | null {
  return checkPattern(source);
}

/** The `condition` node type. Rule values are templates: `{{limit}}` is a use of `limit`. */
export const conditionKind: NodeKind<ConditionNode> = {
  label: "condition",
  run: runCondition,
  links: (node) => [
    ...node.rules.map((r, i) => ({
      path: `.rules[${i}].next`,
      label: `${r.attribute} ${r.op}${r.value !== undefined ? ` ${r.value}` : ""}`,
      target: r.next,
    })),
    ...link(".else", "else", node.else),
  ],
  retarget: (node, from, to) => ({
    ...node,
    rules: node.rules.map((r) => r.next === from ? { ...r, next: to } : r),
    else: moved(node.else, from, to),
  }),
  texts: () => [],
  templates: (node) =>
    node.rules.flatMap((r, i): Located[] => r.value === undefined ? [] : [[`.rules[${i}].value`, r.value]]),
  reads: (node) => node.rules.map((r, i): Located => [`.rules[${i}].attribute`, r.attribute]),
  writes: () => [],
  apis: () => [],
  check: checkConditionNode,
  summary: (node) => `${node.rules.length} rule(s)`,
};

function checkConditionNode(node: ConditionNode, { add }: CheckContext): void {
  for (const [i, rule] of node.rules.entries()) {
    if (rule.op === "matches") {
      const regex = compileRegex(rule.value ?? "");
      if (typeof regex === "string") add(`.rules[${i}].value`, regex);
    }
  }
}
