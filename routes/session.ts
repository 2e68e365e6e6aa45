import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { findSession } from "../db/sessions.ts";
import { countUsers } from "../db/users.ts";
import { constantTimeEqual, randomToken } from "../security/tokens.ts";
import type { AppEnv } from "../deps.ts";

export const SESSION_COOKIE = "chatwire_session";
/** Before login there is no session: forms are protected by a double-submit cookie. */
export const PRE_SESSION_COOKIE = "chatwire_csrf";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const PUBLIC = ["/login", "/setup", "/static/", "/healthz"];

/**
 * Loads the admin session of page routes, enforces CSRF on every unsafe
 * request, sends first-run installs to /setup and everyone else to /login.
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db } = c.var.deps;
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await findSession(db, token) : undefined;
    c.set("user", session?.user);
    c.set("csrf", session?.csrfToken ?? preSessionToken(c));

    if (UNSAFE.has(c.req.method)) await checkCsrf(c);

    const path = c.req.path;
    if (PUBLIC.some((p) => path === p || (p.endsWith("/") && path.startsWith(p)))) return next();
    if (!session) {
      if ((await countUsers(db)) === 0) return c.redirect("/setup", 303);
      const target = c.req.method === "GET"
        ? `?next=${encodeURIComponent(c.req.url.slice(new URL(c.req.url).origin.length))}`
        : "";
      if (c.req.header("HX-Request")) {
        c.header("HX-Redirect", "/login");
        return c.body(null, 401);
      }
      return c.redirect(`/login${target}`, 303);
    }
    return next();
  };
}

/** Refuses an unsafe request whose CSRF token (header or `_csrf` field) is missing or wrong. */
async function checkCsrf(c: Context<AppEnv>): Promise<void> {
  let sent = c.req.header("X-CSRF-Token");
  const type = c.req.header("Content-Type") ?? "";
  if (type.includes("form")) {
    // Parsed here for every page POST (Hono keeps it for the route), so a
    // malformed body is the client's 400 wherever it is sent, never a 500.
    let body: Awaited<ReturnType<typeof c.req.parseBody>>;
    try {
      body = await c.req.parseBody();
    } catch (error) {
      throw new HTTPException(400, { message: `Cannot read the form: ${(error as Error).message}` });
    }
    sent ??= typeof body._csrf === "string" ? body._csrf : undefined;
  }
  if (!sent || !constantTimeEqual(sent, c.var.csrf)) {
    throw new HTTPException(403, {
      message:
        "This form has expired or did not come from Chatwire (missing or wrong CSRF token). Reload the page and try again",
    });
  }
}

function preSessionToken(c: Context<AppEnv>): string {
  const existing = getCookie(c, PRE_SESSION_COOKIE);
  if (existing && existing.length >= 32) return existing;
  const token = randomToken(24);
  setCookie(c, PRE_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: c.var.deps.config.publicUrl.startsWith("https:"),
  });
  return token;
}

/** Throws 403 unless the signed-in admin is an owner. */
export function requireOwner(c: Context<AppEnv>, message = "Only owners can do this"): void {
  if (c.var.user?.role !== "owner") {
    throw new HTTPException(403, { message });
  }
}
