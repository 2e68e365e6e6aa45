import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** APIs. */
export const apisRoutes = new Hono<AppEnv>();

apisRoutes.get("/", (c) => page(c, { title: "APIs", area: "apis" }, <EmptyState title="No APIs yet" />));
