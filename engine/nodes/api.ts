/** The `api` node: asks the executor for a call, then routes on its result. */
import * as v from "valibot";
import type { ApiNode, ApiResult, ApiRoute } from "../types.ts";
import { type CheckContext, link, moved, type NodeKind } from "./node_kind.ts";
import { NodeIdSchema, TargetSchema } from "../schema_parts.ts";
import { applyMappings } from "../mapping.ts";
import type { Outcome, Run } from "./shared.ts";

/** `status` is `"200"`, `"2xx"`, `"timeout"` or `"error"`. */
export const ApiRouteSchema = v.object({ status: v.string(), next: TargetSchema });

export const ApiNodeSchema = v.object({
  id: NodeIdSchema,
  type: v.literal("api"),
  api: v.string(),
  routes: v.optional(v.array(ApiRouteSchema), []),
  others: v.optional(TargetSchema),
});

/** Emits the `call_api` effect; the executor answers with an `api_result` event. */
export function callApiNode(node: ApiNode, run: Run): Outcome {
  run.effects.push({ type: "call_api", nodeId: node.id, api: node.api });
  return { wait: "api" };
}

/**
 * Applies the result: mappings (only when the body was JSON), `sys.status`,
 * then the route (see `pickRoute`); no route → the conversation ends.
 */
export function resumeApiNode(
  node: ApiNode,
  result: ApiResult,
  run: Run,
): { next: string | null } {
  run.trace.push({
    type: "api",
    nodeId: node.id,
    api: node.api,
    request: result.request,
    status: result.status,
    durationMs: result.durationMs,
    ...(result.error !== undefined ? { error: result.error } : {}),
  });
  const attributes = run.conversation.attributes;
  const api = run.flow.apis[node.api];
  if (api && result.json !== undefined) {
    const mapped = applyMappings(
      api.mappings,
      result,
      run.flow.attributes,
    );
    Object.assign(attributes, mapped.values);
    run.trace.push(...mapped.trace);
  }
  attributes["sys.status"] = result.status;
  const route = pickRoute(node, result);
  const next = route?.next ?? null;
  run.trace.push({
    type: "route",
    nodeId: node.id,
    route: route?.status ?? "none",
    next,
  });
  return { next };
}

/**
 * DESIGN §5's order: the exact code, else the class (`4xx`, any case), else
 * `timeout` when the call timed out, else `error` when no response came
 * (status 0), else `others`.
 */
export function pickRoute(
  node: ApiNode,
  result: ApiResult,
): ApiRoute | undefined {
  const code = String(result.status);
  const routes = node.routes;
  const klass = `${code[0]}xx`;
  return routes.find((r) => r.status.trim() === code) ??
    (result.status > 0 ? routes.find((r) => r.status.trim().toLowerCase() === klass) : undefined) ??
    (result.timedOut ? routes.find((r) => r.status.trim().toLowerCase() === "timeout") : undefined) ??
    (result.status === 0 ? routes.find((r) => r.status.trim().toLowerCase() === "error") : undefined) ??
    (node.others !== undefined ? { status: "others", next: node.others } : undefined);
}

/** The `api` node type. */
export const apiKind: NodeKind<ApiNode> = {
  label: "API call",
  run: callApiNode,
  links: (node) => [
    ...node.routes.map((r, i) => ({ path: `.routes[${i}].next`, label: r.status, target: r.next })),
    ...link(".others", "others", node.others),
  ],
  retarget: (node, from, to) => ({
    ...node,
    routes: node.routes.map((r) => r.next === from ? { ...r, next: to } : r),
    others: moved(node.others, from, to),
  }),
  texts: () => [],
  templates: () => [],
  reads: () => [],
  writes: () => [],
  apis: (node) => [node.api],
  check: checkApiNode,
  summary: (node) => `calls ${node.api}`,
};

const ROUTE_STATUS = /^([1-5]\d\d|[1-5]xx|timeout|error)$/;

function checkApiNode(node: ApiNode, { apis, add }: CheckContext): void {
  if (!apis.has(node.api)) add(".api", `Names the API "${node.api}", which is not defined`);
  const seen = new Set<string>();
  for (const [i, route] of node.routes.entries()) {
    const status = route.status.trim().toLowerCase();
    if (!ROUTE_STATUS.test(status)) {
      add(
        `.routes[${i}].status`,
        `Route status "${route.status}" must be a code like "200", a class like "4xx", "timeout" or "error"`,
      );
    } else if (seen.has(status)) {
      add(
        `.routes[${i}].status`,
        `Another route already handles "${route.status}": this one is never taken`,
        "warning",
      );
    }
    seen.add(status);
  }
  const unrouted = node.others === undefined ? silentFailures(seen) : [];
  if (unrouted.length > 0) {
    add(
      ".others",
      `Failures end the conversation without a reply (${
        unrouted.join(" and ")
      } go nowhere): add an "others" route, or routes for "error" and "5xx"`,
      "warning",
    );
  }
}

/** The failures (no response, a 5xx) that no route takes, given the routes' statuses. */
function silentFailures(statuses: Set<string>): string[] {
  const out: string[] = [];
  if (!statuses.has("error")) {
    out.push(statuses.has("timeout") ? "network errors" : "timeouts and network errors");
  }
  if (!statuses.has("5xx")) out.push("5xx answers");
  return out;
}
