import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { exportBotDocument } from "../db/bot_documents.ts";
import { getVersionFlow, listVersions, publishBot, restoreVersion } from "../db/bots.ts";
import { PublishResult, VersionsPage } from "../views/bots_versions.tsx";
import { fragment, page } from "../views/render.tsx";
import { loadBot, redirect } from "./bots_load.ts";
import type { AppEnv } from "../deps.ts";

/** Publishing and the version history of a bot. */
export const botsVersions = new Hono<AppEnv>();

botsVersions.post("/:id/publish", async (c) => {
  const bot = await loadBot(c);
  const result = await publishBot(c.var.deps.db, bot.id, c.var.user?.id);
  const htmx = c.req.header("HX-Request") === "true";
  if ("errors" in result) {
    // htmx swaps only 2xx answers; the refusal is in the fragment itself.
    return fragment(c, <PublishResult botId={bot.id} errors={result.errors} />, htmx ? 200 : 422);
  }
  if (!htmx) return c.redirect(`/bots/${bot.id}/versions`, 303);
  return fragment(
    c,
    <>
      <PublishResult botId={bot.id} version={result.version} />
      <span id="bot-status" class="badge ok" hx-swap-oob="true">published v{result.version}</span>
    </>,
  );
});

botsVersions.get("/:id/versions", async (c) => {
  const bot = await loadBot(c);
  const versions = await listVersions(c.var.deps.db, bot.id);
  return page(
    c,
    { title: `${bot.name}: versions`, area: "bots" },
    <VersionsPage csrf={c.var.csrf} bot={bot} versions={versions} />,
  );
});

botsVersions.get("/:id/versions/:version/download", async (c) => {
  const bot = await loadBot(c);
  const version = Number(c.req.param("version"));
  const flow = await getVersionFlow(c.var.deps.db, bot.id, version);
  if (!flow) throw new HTTPException(404, { message: `No version ${c.req.param("version")}` });
  const doc = await exportBotDocument(c.var.deps, bot.id, { flow });
  c.header("Content-Disposition", `attachment; filename="bot-${bot.id}-v${version}.json"`);
  return c.json(doc);
});

botsVersions.post("/:id/versions/:version/restore", async (c) => {
  const bot = await loadBot(c);
  const version = Number(c.req.param("version"));
  if (!(await restoreVersion(c.var.deps.db, bot.id, version))) {
    throw new HTTPException(404, { message: `No version ${c.req.param("version")}` });
  }
  return redirect(c, `/bots/${bot.id}/flow?restored=${version}`);
});
