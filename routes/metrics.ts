import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** Prometheus metrics at /metrics (being built). */
export const metrics = new Hono<AppEnv>();
