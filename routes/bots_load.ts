import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { type Bot, getBot } from "../db/bots.ts";
import type { AppEnv } from "../deps.ts";

/** The bot named by the `:id` parameter; 404 when there is none. */
export async function loadBot(c: Context<AppEnv>): Promise<Bot> {
  const raw = c.req.param("id") ?? "";
  const bot = /^\d{1,15}$/.test(raw) ? await getBot(c.var.deps.db, Number(raw)) : undefined;
  if (!bot) throw new HTTPException(404, { message: `No bot with id ${raw}` });
  return bot;
}

/** After an htmx request, a full-page redirect; otherwise a 303. */
export function redirect(c: Context<AppEnv>, to: string): Response {
  if (c.req.header("HX-Request") === "true") {
    c.header("HX-Redirect", to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}
