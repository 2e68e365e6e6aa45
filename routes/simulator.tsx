import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type Bot, listVersions } from "../db/bots.ts";
import { fragment, page } from "../views/render.tsx";
import { Simulator, SimulatorPage } from "../views/simulator.tsx";
import { loadBot } from "./bots_load.ts";
import type { AppEnv } from "../deps.ts";
import { restart, setMock, type SimSession, simSession, simulate } from "../runtime/simulator.ts";
import { mockChoices, parseMock } from "../runtime/simulator_mocks.ts";

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
  const mocks = await mockChoices(c.var.deps, bot, session.version, session.mocks);
  return page(
    c,
    { title: `${bot.name}: simulator`, area: "bots" },
    <SimulatorPage bot={bot} session={session} versions={versions} mocks={mocks} />,
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

simulator.post("/:id/simulator/mock", async (c) => {
  const bot = await loadBot(c);
  const form = await c.req.parseBody();
  const api = typeof form.api === "string" ? form.api : "";
  const mock = parseMock(typeof form.mock === "string" ? form.mock : "");
  if (api === "" || !mock) {
    throw new HTTPException(400, { message: "Cannot mock API: choose an API and a response" });
  }
  return await answer(c, bot, await setMock(c.var.deps, bot, c.var.user!, api, mock));
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
  const mocks = await mockChoices(c.var.deps, bot, session.version, session.mocks);
  return fragment(c, <Simulator bot={bot} session={session} versions={versions} mocks={mocks} />);
}

/** "draft" → 0, "3" → 3, nothing → undefined. */
function parseVersion(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw === "draft") return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new HTTPException(400, { message: `Unknown version "${raw}"` });
  return Number(raw);
}
