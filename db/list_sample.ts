/** The saved API sample behind a list attribute, for the flow editor's "choices from a list". */
import { listFromSample } from "../engine/list_sample.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { findApiId, loadApiDefs } from "./apis.ts";
import { listSamples } from "./api_state.ts";
import { listAttributeDefs } from "./attributes.ts";
import type { Db } from "./client.ts";

/** The first API whose mapping fills `list` from a saved sample (2xx first), with the list it stores. */
export async function findListSample(
  db: Db,
  secrets: SecretBox,
  list: string,
): Promise<{ api: string; listText: string | undefined } | undefined> {
  if (list === "") return undefined;
  const attributes = await listAttributeDefs(db);
  for (const api of Object.values(await loadApiDefs(db, secrets))) {
    if (!api.mappings.some((m) => m.attribute === list)) continue;
    const id = await findApiId(db, api.name);
    if (id === undefined) continue;
    const samples = (await listSamples(db, id)).sort((a, b) => rank(a.status) - rank(b.status));
    for (const sample of samples) {
      const listText = listFromSample(api, sample, list, attributes);
      if (listText !== undefined) return { api: api.name, listText };
    }
    return { api: api.name, listText: undefined };
  }
  return undefined;
}

function rank(status: number): number {
  return status >= 200 && status < 300 ? status - 1000 : status;
}
