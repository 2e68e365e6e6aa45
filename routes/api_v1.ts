import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { useApiToken } from "../db/api_tokens.ts";
import { constantTimeEqual } from "../security/tokens.ts";
import type { AppEnv } from "../deps.ts";

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
    if (!admin && !(await useApiToken(db, match[1]))) {
      throw new HTTPException(401, { message: "Invalid or revoked API token" });
    }
    await next();
  };
}
