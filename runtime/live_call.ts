/**
 * The API caller the simulator and the WhatsApp worker hand to the
 * executor: the engine's callApi with the instance's address policy and the
 * attribute types, every call written to the call log and counted in the
 * metrics.
 */
import { logApiCall } from "../db/api_calls.ts";
import { redact, secretsOf } from "../engine/redact.ts";
import { findApiId } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import type { Db } from "../db/client.ts";
import { callApi } from "../engine/api_caller.ts";
import type { ApiDef, ApiResult, AttributeType, AttributeValues } from "../engine/types.ts";
import type { AppDeps } from "../deps.ts";
import { inc, observe } from "./metrics.ts";
import { tokenCacheFor } from "./oauth_tokens.ts";

/** How long attribute types and API ids are reused before being read again. */
const CACHE_MS = 5000;

interface Lookups {
  at: number;
  types: Promise<Record<string, AttributeType>>;
  apiIds: Map<string, Promise<number | undefined>>;
}

// Per database, not per caller: the worker makes a caller per turn, and a turn must not re-read them.
const lookups = new WeakMap<Db, Lookups>();

function lookupsOf(db: Db): Lookups {
  let l = lookups.get(db);
  if (!l || Date.now() - l.at > CACHE_MS) {
    const types = listAttributeDefs(db).then((defs) => Object.fromEntries(defs.map((d) => [d.name, d.type])));
    l = { at: Date.now(), types, apiIds: new Map() };
    lookups.set(db, l);
  }
  return l;
}

/** Returns `(api, values) => result` for the executor; logging never fails a call. */
export function makeApiCaller(
  deps: AppDeps,
  meta: { source: "simulator" | "live"; botId?: number; contactId?: number },
): (api: ApiDef, values: AttributeValues) => Promise<ApiResult> {
  return async (api, values) => {
    const cached = lookupsOf(deps.db);
    let attributeTypes: Record<string, AttributeType> = {};
    try {
      attributeTypes = await cached.types;
    } catch (error) {
      lookups.delete(deps.db);
      deps.log.error("Cannot read attribute types", { error });
    }
    const result = await callApi(api, values, {
      blockPrivateNetworks: deps.config.blockPrivateNetworks,
      attributeTypes,
      tokens: tokenCacheFor(deps),
    });
    inc("chatwire_api_calls_total", { source: meta.source, class: statusClass(result.status) });
    observe("chatwire_api_call_seconds", result.durationMs / 1000, { source: meta.source });
    try {
      let apiId = cached.apiIds.get(api.name);
      if (!apiId) cached.apiIds.set(api.name, apiId = findApiId(deps.db, api.name));
      await logApiCall(deps.db, result, {
        apiName: api.name,
        apiId: await apiId,
        source: meta.source,
        botId: meta.botId,
        contactId: meta.contactId,
        secrets: secretsOf(api.auth),
      });
    } catch (error) {
      deps.log.error(`Cannot log call of API "${api.name}"`, {
        error: redact(String(error), secretsOf(api.auth)),
      });
    }
    return result;
  };
}

/** `2xx`…`5xx`, or `0xx` when no response came. */
function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
