import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type Bot, listVersions } from "../db/bots.ts";
import { fragment, page } from "../views/render.tsx";
import { Simulator, SimulatorPage } from "../views/simulator.tsx";
import { loadBot } from "./bots_load.ts";
import type { AppEnv } from "../deps.ts";
import { restart, type SimSession, simSession, simulate } from "../runtime/simulator.ts";

/** The simulator (`/bots/{id}/simulator`): chat with the draft or a published version. */
export const simulator = new Hono<AppEnv>();

simulator.get("/:id/simulator", async (c) => {
  const bot = await loadBot(c);
  const user = c.var.user!;
  const wanted = parseVersion(c.req.query("version"));
  let { session } = await simSession(c.var.deps, bot, user);
  if (wanted !== undefined && wanted !== session.version) {
    session = await restart(c.var.deps, bot, user, wanted);
  }
  const versions = (await listVersions(c.var.deps.db, bot.id)).map((v) => v.version);
  return page(
    c,
    { title: `${bot.name}: simulator`, area: "bots" },
    <SimulatorPage bot={bot} session={session} versions={versions} />,
  );
});

simulator.post("/:id/simulator/send", async (c) => {
  const bot = await loadBot(c);
  const form = await c.req.parseBody();
  const text = String(form.text ?? "").slice(0, 4096);
  const replyId = typeof form.replyId === "string" && form.replyId !== "" ? form.replyId : undefined;
  if (text.trim() === "" && !replyId) {
    return await answer(c, bot, (await simSession(c.var.deps, bot, c.var.user!)).session);
  }
  return await answer(c, bot, await simulate(c.var.deps, bot, c.var.user!, { text, replyId }));
});

simulator.post("/:id/simulator/restart", async (c) => {
  const bot = await loadBot(c);
  const form = await c.req.parseBody();
  const version = parseVersion(typeof form.version === "string" ? form.version : undefined);
  return await answer(c, bot, await restart(c.var.deps, bot, c.var.user!, version));
});

async function answer(c: Context<AppEnv>, bot: Bot, session: SimSession): Promise<Response> {
  if (c.req.header("HX-Request") !== "true") {
    return c.redirect(`/bots/${bot.id}/simulator`, 303);
  }
  const versions = (await listVersions(c.var.deps.db, bot.id)).map((v) => v.version);
  return fragment(c, <Simulator bot={bot} session={session} versions={versions} />);
}

/** "draft" → 0, "3" → 3, nothing → undefined. */
function parseVersion(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw === "draft") return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new HTTPException(400, { message: `Unknown version "${raw}"` });
  return Number(raw);
}
