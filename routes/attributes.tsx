import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** Attributes. */
export const attributesRoutes = new Hono<AppEnv>();

attributesRoutes.get(
  "/",
  (c) => page(c, { title: "Attributes", area: "attributes" }, <EmptyState title="No attributes yet" />),
);
