/**
 * The one way Chatwire calls an API: the WhatsApp worker, the simulator and
 * the API editor's Test tab all come here. The engine's callApi runs with the
 * instance's address policy and the attribute types, under the API's cap of
 * calls in flight; every call is written to the call log and counted in the
 * metrics.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { logApiCall } from "../db/api_calls.ts";
import { redact, secretsOf } from "../engine/redact.ts";
import { stateOf } from "../db/cache.ts";
import { callApi } from "../engine/api_caller.ts";
import type { RunnableFlow } from "../engine/step.ts";
import type { ApiDef, ApiResult, AttributeType, AttributeValues } from "../engine/types.ts";
import type { AppDeps } from "../deps.ts";
import { inc, observe } from "./metrics.ts";
import { tokenCacheFor } from "./oauth_tokens.ts";

/** DESIGN §6 "Fairness": calls in flight per API; more wait their turn. */
export const DEFAULT_API_CALLS_IN_FLIGHT = 16;

/** Who calls, for the call log and the metrics. */
export interface CallContext {
  source: "test" | "simulator" | "live";
  /** The API's row id, for the call log's link (undefined for an API the database no longer has). */
  apiId?: number;
  botId?: number;
  contactId?: number;
  attributeTypes: Record<string, AttributeType>;
  signal?: AbortSignal;
}

// Per database (hung on the Db, db/cache.ts): every caller of one API shares its cap.
const LIMITS = "api calls in flight";
const limitsOf = (deps: AppDeps) => stateOf(deps.db, LIMITS, () => new Map<string, LimitFunction>());

/** Calls `api` with `values`, logs and counts the call; never throws for the outside world. */
export async function callAndLog(
  deps: AppDeps,
  api: ApiDef,
  values: AttributeValues,
  context: CallContext,
): Promise<ApiResult> {
  const result = await limitOf(deps, api.name)(() =>
    callApi(api, values, {
      blockPrivateNetworks: deps.config.blockPrivateNetworks,
      attributeTypes: context.attributeTypes,
      signal: context.signal,
      tokens: tokenCacheFor(deps),
      connect: deps.connect,
    })
  );
  inc("chatwire_api_calls_total", { source: context.source, class: statusClass(result.status) });
  observe("chatwire_api_call_seconds", result.durationMs / 1000, { source: context.source });
  try {
    await logApiCall(deps.db, result, {
      apiName: api.name,
      apiId: context.apiId,
      source: context.source,
      botId: context.botId,
      contactId: context.contactId,
      secrets: secretsOf(api.auth),
    });
  } catch (error) {
    deps.log.error(`Cannot log call of API "${api.name}"`, {
      error: redact(String(error), secretsOf(api.auth)),
    });
  }
  return result;
}

/** The executor's `callApi` for a turn of `flow`: the flow carries the attribute types and API ids. */
export function flowCaller(
  deps: AppDeps,
  flow: RunnableFlow,
  meta: { source: "simulator" | "live"; botId?: number; contactId?: number },
): (api: ApiDef, values: AttributeValues) => Promise<ApiResult> {
  const attributeTypes = Object.fromEntries(flow.attributes.map((a) => [a.name, a.type]));
  return (api, values) =>
    callAndLog(deps, api, values, { ...meta, attributeTypes, apiId: flow.apiIds?.[api.name] });
}

/** The calls of `name` in flight now and waiting, for tests and the metrics. */
export function apiLoad(deps: AppDeps, name: string): { active: number; waiting: number } {
  const limit = limitsOf(deps).get(name);
  return { active: limit?.activeCount ?? 0, waiting: limit?.pendingCount ?? 0 };
}

function limitOf(deps: AppDeps, name: string): LimitFunction {
  const byName = limitsOf(deps);
  const cap = deps.apiCallsInFlight ?? DEFAULT_API_CALLS_IN_FLIGHT;
  let limit = byName.get(name);
  if (!limit) byName.set(name, limit = pLimit(cap));
  else if (limit.concurrency !== cap) limit.concurrency = cap;
  return limit;
}

/** `2xx`…`5xx`, or `0xx` when no response came. */
function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
