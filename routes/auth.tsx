import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import * as v from "valibot";
import { clearFailures, lockedUntil, recordFailure } from "../db/login_failures.ts";
import { createSession, deleteSession, SESSION_TTL_MS } from "../db/sessions.ts";
import { countUsers, createUser, findUserByEmail, normalizeEmail } from "../db/users.ts";
import { hashPassword, verifyPassword } from "../security/passwords.ts";
import { LoginPage, SetupPage } from "../views/auth.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";
import { SESSION_COOKIE } from "./session.ts";
import { fieldErrors } from "../views/field_errors.ts";
import { credentialsSchema } from "../security/credentials.ts";

/** First-run setup, login and logout. */
export const auth = new Hono<AppEnv>();

auth.get("/setup", async (c) => {
  if ((await countUsers(c.var.deps.db)) > 0) return c.redirect("/login", 303);
  return page(c, { title: "Set up Chatwire" }, <SetupPage csrf={c.var.csrf} values={{}} errors={{}} />);
});

auth.post("/setup", async (c) => {
  const { db } = c.var.deps;
  if ((await countUsers(db)) > 0) return c.redirect("/login", 303);
  const form = await c.req.parseBody();
  const values = { email: String(form.email ?? ""), password: String(form.password ?? "") };
  const parsed = v.safeParse(credentialsSchema, values);
  const errors = parsed.success ? {} : fieldErrors(parsed.issues);
  if (parsed.success && values.password !== String(form.confirm ?? "")) {
    errors.confirm = "The two passwords differ";
  }
  if (!parsed.success || errors.confirm) {
    return page(
      c,
      { title: "Set up Chatwire", status: 422 },
      <SetupPage csrf={c.var.csrf} values={values} errors={errors} />,
    );
  }
  const user = await createUser(db, {
    email: parsed.output.email,
    passwordHash: await hashPassword(parsed.output.password),
    role: "owner",
  });
  if (!user) return c.redirect("/login", 303);
  c.var.deps.log.info("first owner created", { userId: user.id });
  await startSession(c, user.id);
  return c.redirect("/", 303);
});

auth.get("/login", async (c) => {
  if ((await countUsers(c.var.deps.db)) === 0) return c.redirect("/setup", 303);
  if (c.var.user) return c.redirect("/", 303);
  return page(
    c,
    { title: "Log in" },
    <LoginPage csrf={c.var.csrf} email="" next={safeNext(c.req.query("next"))} />,
  );
});

auth.post("/login", async (c) => {
  const { db, log } = c.var.deps;
  const form = await c.req.parseBody();
  const email = normalizeEmail(String(form.email ?? ""));
  const password = String(form.password ?? "");
  const next = safeNext(String(form.next ?? ""));
  const address = clientAddress(c);
  const keys = [`account:${email}`, `address:${address}`];
  const fail = (error: string, status: 401 | 429) =>
    page(
      c,
      { title: "Log in", status },
      <LoginPage csrf={c.var.csrf} email={email} next={next} error={error} />,
    );

  const locked = await lockedUntil(db, keys);
  if (locked) {
    const minutes = Math.ceil((locked - Date.now()) / 60_000);
    log.warn("login refused: throttled", { address });
    return fail(`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, 429);
  }
  const user = email ? await findUserByEmail(db, email) : undefined;
  // Hash even for unknown accounts so timing does not tell which emails exist.
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
  if (!user || !ok) {
    await recordFailure(db, keys);
    log.warn("login failed", { address });
    return fail("Wrong email or password.", 401);
  }
  await clearFailures(db, keys[0]);
  await startSession(c, user.id);
  log.info("login", { userId: user.id });
  return c.redirect(next, 303);
});

auth.post("/logout", async (c) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(c.var.deps.db, token);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  return c.redirect("/login", 303);
});

async function startSession(c: Parameters<typeof page>[0], userId: number): Promise<void> {
  const token = await createSession(c.var.deps.db, userId);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: c.var.deps.config.publicUrl.startsWith("https:"),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Only same-site paths: `next` must never send an admin to another site. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

function clientAddress(c: Parameters<typeof page>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
