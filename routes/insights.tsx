import { Hono } from "hono";
import { getVersionFlow, listVersions } from "../db/bots.ts";
import { botInsights, flowInsights, periodOf } from "../db/insights.ts";
import { catchUpInsights } from "../db/insights_rollup.ts";
import { BotHeader } from "../views/bots.tsx";
import { FlowDiagram } from "../views/diagram.tsx";
import { InsightsPage } from "../views/insights.tsx";
import { fragment, isHtmx, page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";
import { loadBot } from "./bots_load.ts";

/** Insights: a bot's tab (messages, API calls, slow and failing APIs) and the flow diagram's layer. */
export const insightsRoutes = new Hono<AppEnv>();

insightsRoutes.get("/:id{[0-9]+}/insights", async (c) => {
  const { db } = c.var.deps;
  const bot = await loadBot(c);
  const period = periodOf(c.req.query("period"));
  const caught = await catchUpInsights(db);
  const { buckets, apis } = await botInsights(db, bot.id, { period });
  return page(
    c,
    { title: `${bot.name}: insights`, area: "bots" },
    <InsightsPage bot={bot} period={period} buckets={buckets} apis={apis} behind={caught.behind} />,
  );
});

insightsRoutes.get("/:id{[0-9]+}/insights/diagram", async (c) => {
  const { db } = c.var.deps;
  const bot = await loadBot(c);
  const period = periodOf(c.req.query("period"));
  const versions = (await listVersions(db, bot.id)).map((v) => v.version).sort((a, b) => b - a);
  const asked = Number(c.req.query("version"));
  const version = versions.includes(asked) ? asked : bot.publishedVersion ?? versions[0] ?? 0;
  const caught = await catchUpInsights(db);
  const flow = (version > 0 ? await getVersionFlow(db, bot.id, version) : undefined) ?? bot.draftFlow;
  const data = await flowInsights(db, bot.id, { period, version });
  const diagram = (
    <FlowDiagram
      flow={flow}
      problems={[]}
      botId={bot.id}
      insights={{ data, period, version, versions, behind: caught.behind }}
    />
  );
  if (isHtmx(c)) return fragment(c, diagram);
  return page(
    c,
    { title: `${bot.name}: flow insights`, area: "bots" },
    <>
      <BotHeader bot={bot} active="flow" />
      {diagram}
    </>,
  );
});
