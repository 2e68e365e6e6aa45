import { Hono } from "hono";
import { EmptyState } from "../views/layout.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "./env.ts";

/** Contacts. */
export const contacts = new Hono<AppEnv>();

contacts.get(
  "/",
  (c) => page(c, { title: "Contacts", area: "contacts" }, <EmptyState title="No contacts yet" />),
);
