/**
 * Mocks in the simulator (issue 11): per API the flow uses, the admin picks
 * Live (the default), a saved sample (status + body), a timeout or a
 * network error, so every route can be walked before the shop has a test
 * system. A mocked API node gets its response without calling out; the
 * trace marks the call "mocked".
 */
import { listSamples } from "../db/apis.ts";
import { getVersionFlow } from "../db/bots.ts";
import type { Bot } from "../db/bots.ts";
import type { RunnableFlow } from "../engine/step.ts";
import { apisOfNodes } from "../engine/nodes/mod.ts";
import type { ApiDef, ApiResult } from "../engine/types.ts";
import type { AppDeps } from "../deps.ts";
import { findApiId } from "../db/apis.ts";

/** `live`, `timeout`, `network`, or the status of a saved sample (`"404"`). */
export type SimMock = "live" | "timeout" | "network" | `${number}`;

/** The mock choices of one API, for the panel. */
export interface MockChoice {
  api: string;
  /** Statuses with a saved sample. */
  samples: number[];
  chosen: SimMock;
}

/** A form value as a mock; undefined when it is none. */
export function parseMock(value: string): SimMock | undefined {
  if (value === "live" || value === "timeout" || value === "network") return value;
  return /^[1-5]\d\d$/.test(value) ? value as SimMock : undefined;
}

/** Per API used by the session's version of the flow: its saved samples and the mock chosen. */
export async function mockChoices(
  deps: AppDeps,
  bot: Bot,
  version: number,
  mocks: Record<string, SimMock>,
): Promise<MockChoice[]> {
  const flow = version === 0 ? bot.draftFlow : await getVersionFlow(deps.db, bot.id, version);
  const choices: MockChoice[] = [];
  for (const api of apisOfNodes(flow?.nodes ?? [])) {
    const id = await findApiId(deps.db, api);
    const samples = id === undefined ? [] : (await listSamples(deps.db, id)).map((s) => s.status);
    const chosen = mocks[api] ?? "live";
    choices.push({
      api,
      samples,
      chosen: chosen === "live" || samples.includes(Number(chosen)) || isFailure(chosen) ? chosen : "live",
    });
  }
  return choices;
}

/** The response a mocked API gives, without any call going out. */
export async function mockedResult(
  deps: AppDeps,
  flow: RunnableFlow,
  api: ApiDef,
  mock: Exclude<SimMock, "live">,
): Promise<ApiResult> {
  const request = { method: api.method, url: api.url, headers: {} };
  const none = { headers: {}, body: "", durationMs: 0, size: 0, request, attempts: 0 };
  if (mock === "timeout") {
    return { ...none, status: 0, timedOut: true, error: `Cannot call API "${api.name}": timed out (mocked)` };
  }
  if (mock === "network") {
    return { ...none, status: 0, error: `Cannot call API "${api.name}": network error (mocked)` };
  }
  const id = flow.apiIds?.[api.name];
  const sample = id === undefined
    ? undefined
    : (await listSamples(deps.db, id)).find((s) => String(s.status) === mock);
  if (!sample) {
    return { ...none, status: 0, error: `Cannot mock API "${api.name}": no saved ${mock} sample` };
  }
  let json: unknown;
  try {
    json = JSON.parse(sample.body);
  } catch {
    json = undefined;
  }
  return {
    ...none,
    status: sample.status,
    headers: { "content-type": "application/json" },
    body: sample.body,
    json,
    size: new TextEncoder().encode(sample.body).length,
  };
}

function isFailure(mock: SimMock): boolean {
  return mock === "timeout" || mock === "network";
}
