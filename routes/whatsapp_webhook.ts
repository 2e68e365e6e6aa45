import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** The WhatsApp webhook (being built). */
export const whatsappWebhook = new Hono<AppEnv>();
