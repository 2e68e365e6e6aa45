import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** JSON API for channels (being built). */
export const apiV1Channels = new Hono<AppEnv>();
