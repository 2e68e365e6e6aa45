import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** JSON API for bots (being built). */
export const apiV1Bots = new Hono<AppEnv>();
