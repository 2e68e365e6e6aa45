import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** Channels. */
export const channels = new Hono<AppEnv>();

channels.get(
  "/",
  (c) => page(c, { title: "Channels", area: "channels" }, <EmptyState title="No channels yet" />),
);
