import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** Bots. */
export const bots = new Hono<AppEnv>();

bots.get("/", (c) => page(c, { title: "Bots", area: "bots" }, <EmptyState title="No bots yet" />));
