import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** JSON API for contacts (being built). */
export const apiV1Contacts = new Hono<AppEnv>();
