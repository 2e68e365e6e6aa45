import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { useApiToken } from "../db/api_tokens.ts";
import { constantTimeEqual } from "../security/tokens.ts";
import type { AppEnv } from "../deps.ts";
import type { User } from "../db/users.ts";

/** Who CHATWIRE_ADMIN_TOKEN acts as: an owner that is no row of the team. */
const ADMIN_TOKEN_USER: User = Object.freeze({
  id: 0,
  email: "CHATWIRE_ADMIN_TOKEN",
  passwordHash: "",
  role: "owner",
  createdAt: 0,
});

/**
 * The bearer-token gate of `/api/v1`: a token created in the settings page
 * or CHATWIRE_ADMIN_TOKEN. Missing or wrong → 401 JSON.
 */
export function apiTokenAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
    if (!match) {
      throw new HTTPException(401, { message: "Missing bearer token: send Authorization: Bearer <token>" });
    }
    const { config, db } = c.var.deps;
    const admin = config.adminToken !== undefined && constantTimeEqual(match[1], config.adminToken);
    // A token acts with its user's role (DESIGN §7); CHATWIRE_ADMIN_TOKEN acts as an owner.
    const user = admin ? ADMIN_TOKEN_USER : (await useApiToken(db, match[1]))?.user;
    if (!user) throw new HTTPException(401, { message: "Invalid or revoked API token" });
    c.set("user", user);
    await next();
  };
}
