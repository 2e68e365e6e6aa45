import { Hono } from "hono";
import type { AppEnv } from "../deps.ts";

/** The start page: the bots list is where admins begin. */
export const home = new Hono<AppEnv>();

home.get("/", (c) => c.redirect("/bots", 303));
