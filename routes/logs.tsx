import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** Logs. */
export const logs = new Hono<AppEnv>();

logs.get("/", (c) => page(c, { title: "Logs", area: "logs" }, <EmptyState title="No API calls yet" />));
