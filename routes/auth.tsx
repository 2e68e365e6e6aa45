import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import * as v from "valibot";
import { addressDelayMs, clearFailures, recordAddressFailure, reserveAttempt } from "../db/login_failures.ts";
import { createSession, deleteSession, SESSION_TTL_MS } from "../db/sessions.ts";
import { countUsers, createFirstOwner, findUserByEmail, normalizeEmail } from "../db/users.ts";
import { hashPassword, PasswordsBusyError, verifyPassword } from "../security/passwords.ts";
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
  const user = await createFirstOwner(db, {
    email: parsed.output.email,
    passwordHash: await hashPassword(parsed.output.password),
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
  const account = `account:${email}`;
  const fail = (error: string, status: 401 | 429) =>
    page(
      c,
      { title: "Log in", status },
      <LoginPage csrf={c.var.csrf} email={email} next={next} error={error} />,
    );

  // Counted before the password is checked, so concurrent guesses cannot all get through.
  const attempt = await reserveAttempt(db, account);
  if (!attempt.allowed) {
    const minutes = Math.ceil((attempt.lockedUntil - Date.now()) / 60_000);
    log.warn("login refused: throttled", { address });
    return fail(`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, 429);
  }
  // An address's failures slow it down but never lock it: behind a proxy, everyone shares one.
  const delay = await addressDelayMs(db, `address:${address}`);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const user = email ? await findUserByEmail(db, email) : undefined;
  let ok: boolean;
  try {
    // Hash even for unknown accounts so timing does not tell which emails exist.
    ok = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
  } catch (error) {
    if (!(error instanceof PasswordsBusyError)) throw error;
    log.warn("login refused: busy", { address });
    return fail(`${error.message}.`, 429);
  }
  if (!user || !ok) {
    await recordAddressFailure(db, `address:${address}`);
    log.warn("login failed", { address });
    return fail("Wrong email or password.", 401);
  }
  await clearFailures(db, account);
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

/**
 * Only a path of this site: `next` is resolved against a placeholder origin
 * as a browser would (so `/\t/evil.example`, `//evil`, `/\\evil` resolve
 * elsewhere and are refused) and only its path, query and fragment are kept.
 */
function safeNext(next: string | undefined): string {
  if (!next) return "/";
  const origin = "http://chatwire.invalid";
  try {
    const url = new URL(next, origin);
    if (url.origin !== origin || !next.startsWith("/")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/**
 * The client's address: the peer, or behind a reverse proxy
 * (CHATWIRE_TRUST_PROXY) the last X-Forwarded-For entry, the one the proxy
 * itself appended (earlier entries are whatever the client sent).
 */
export function clientAddress(c: Parameters<typeof page>[0]): string {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded?.length) return forwarded.at(-1)!;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
