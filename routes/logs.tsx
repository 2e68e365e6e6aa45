import { Hono } from "hono";
import { listApiCalls, loggedApiNames, STATUS_CLASSES, type StatusClass } from "../db/api_calls.ts";
import { getSetting } from "../db/settings.ts";
import { LogsPage } from "../views/logs.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";

/** Developers → Logs: the API call log, filtered by API and status class. */
export const logs = new Hono<AppEnv>();

logs.get("/", async (c) => {
  const { db } = c.var.deps;
  const api = c.req.query("api") || undefined;
  const status = STATUS_CLASSES.find((s) => s === c.req.query("status")) as StatusClass | undefined;
  const [calls, apiNames, retentionDays] = await Promise.all([
    listApiCalls(db, { apiName: api, statusClass: status }),
    loggedApiNames(db),
    getSetting(db, "logRetentionDays"),
  ]);
  return page(
    c,
    { title: "API call logs", area: "logs" },
    <LogsPage calls={calls} apiNames={apiNames} filter={{ api, status }} retentionDays={retentionDays} />,
  );
});
