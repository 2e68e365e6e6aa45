/**
 * The API caller the simulator and the WhatsApp worker hand to the
 * executor: the engine's callApi with the instance's address policy and the
 * attribute types, every call written to the call log.
 */
import { logApiCall, secretValues } from "../db/api_calls.ts";
import { findApiId } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import { callApi } from "../engine/api_caller.ts";
import type { ApiDef, ApiResult, AttributeType, AttributeValues } from "../engine/types.ts";
import type { AppDeps } from "../routes/env.ts";

const TYPES_TTL_MS = 5000;

/** Returns `(api, values) => result` for the executor; logging never fails a call. */
export function makeApiCaller(
  deps: AppDeps,
  meta: { source: "simulator" | "live"; botId?: number; contactId?: number },
): (api: ApiDef, values: AttributeValues) => Promise<ApiResult> {
  let types: { at: number; value: Record<string, AttributeType> } | undefined;
  const attributeTypes = async () => {
    if (!types || Date.now() - types.at > TYPES_TTL_MS) {
      const defs = await listAttributeDefs(deps.db);
      types = { at: Date.now(), value: Object.fromEntries(defs.map((d) => [d.name, d.type])) };
    }
    return types.value;
  };
  return async (api, values) => {
    let typesNow: Record<string, AttributeType> = {};
    try {
      typesNow = await attributeTypes();
    } catch (error) {
      deps.log.error("Cannot read attribute types", { error });
    }
    const result = await callApi(api, values, {
      blockPrivateNetworks: deps.config.blockPrivateNetworks,
      attributeTypes: typesNow,
    });
    try {
      await logApiCall(deps.db, result, {
        apiName: api.name,
        apiId: await findApiId(deps.db, api.name),
        source: meta.source,
        botId: meta.botId,
        contactId: meta.contactId,
        secrets: secretValues(api.auth),
      });
    } catch (error) {
      deps.log.error(`Cannot log call of API "${api.name}"`, { error: String(error) });
    }
    return result;
  };
}
