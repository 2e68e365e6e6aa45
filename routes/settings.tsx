import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { createApiToken, listApiTokens, revokeApiToken } from "../db/api_tokens.ts";
import { getSetting, setSetting } from "../db/settings.ts";
import { createUser, deleteUser, listUsers } from "../db/users.ts";
import { hashPassword } from "../security/passwords.ts";
import { page } from "../views/render.tsx";
import { SettingsPage, TeamPage, TokensPage } from "../views/settings.tsx";
import type { AppEnv } from "../deps.ts";
import { fieldErrors } from "../views/field_errors.ts";
import { credentialsSchema } from "../security/credentials.ts";
import { requireOwner } from "./session.ts";

/** Settings: general settings, the team, and API tokens for /api/v1. */
export const settingsRoutes = new Hono<AppEnv>();

settingsRoutes.get("/", async (c) => {
  const retention = await getSetting(c.var.deps.db, "logRetentionDays");
  return page(
    c,
    { title: "Settings", area: "settings" },
    <SettingsPage csrf={c.var.csrf} retention={retention} config={c.var.deps.config} />,
  );
});

const retentionSchema = v.object({
  logRetentionDays: v.pipe(
    v.string(),
    v.regex(/^\d+$/, "Enter a whole number of days"),
    v.transform(Number),
    v.minValue(1, "Keep logs at least 1 day"),
    v.maxValue(365, "Keep logs at most 365 days"),
  ),
});

settingsRoutes.post("/", async (c) => {
  requireOwner(c);
  const form = await c.req.parseBody();
  const raw = String(form.logRetentionDays ?? "");
  const parsed = v.safeParse(retentionSchema, { logRetentionDays: raw });
  if (!parsed.success) {
    return page(
      c,
      { title: "Settings", area: "settings", status: 422 },
      <SettingsPage
        csrf={c.var.csrf}
        retention={raw}
        config={c.var.deps.config}
        error={fieldErrors(parsed.issues).logRetentionDays}
      />,
    );
  }
  await setSetting(c.var.deps.db, "logRetentionDays", String(parsed.output.logRetentionDays));
  return c.redirect("/settings?saved=1", 303);
});

settingsRoutes.get("/team", async (c) => {
  const users = await listUsers(c.var.deps.db);
  return page(
    c,
    { title: "Team", area: "settings" },
    <TeamPage csrf={c.var.csrf} users={users} me={c.var.user!} values={{}} errors={{}} />,
  );
});

const memberSchema = v.object({
  ...credentialsSchema.entries,
  role: v.picklist(["owner", "editor"], "Pick a role"),
});

settingsRoutes.post("/team", async (c) => {
  requireOwner(c);
  const { db } = c.var.deps;
  const form = await c.req.parseBody();
  const values = {
    email: String(form.email ?? ""),
    password: String(form.password ?? ""),
    role: String(form.role ?? "editor"),
  };
  const parsed = v.safeParse(memberSchema, values);
  let errors = parsed.success ? {} : fieldErrors(parsed.issues);
  if (parsed.success) {
    const user = await createUser(db, {
      ...parsed.output,
      passwordHash: await hashPassword(parsed.output.password),
    });
    if (user) return c.redirect("/settings/team", 303);
    errors = { email: "Someone with this email is already a member" };
  }
  const users = await listUsers(db);
  return page(
    c,
    { title: "Team", area: "settings", status: 422 },
    <TeamPage csrf={c.var.csrf} users={users} me={c.var.user!} values={values} errors={errors} />,
  );
});

settingsRoutes.post("/team/:id/remove", async (c) => {
  requireOwner(c);
  const { db } = c.var.deps;
  const id = Number(c.req.param("id"));
  const users = await listUsers(db);
  const target = users.find((u) => u.id === id);
  if (!target) throw new HTTPException(404, { message: "No such member" });
  if (target.id === c.var.user!.id) throw new HTTPException(409, { message: "You cannot remove yourself" });
  if (target.role === "owner" && users.filter((u) => u.role === "owner").length === 1) {
    throw new HTTPException(409, { message: "The last owner cannot be removed" });
  }
  await deleteUser(db, id);
  return c.redirect("/settings/team", 303);
});

settingsRoutes.get("/tokens", async (c) => {
  const tokens = await listApiTokens(c.var.deps.db);
  return page(
    c,
    { title: "API tokens", area: "tokens" },
    <TokensPage csrf={c.var.csrf} tokens={tokens} owner={c.var.user?.role === "owner"} />,
  );
});

settingsRoutes.post("/tokens", async (c) => {
  requireOwner(c);
  const { db } = c.var.deps;
  const form = await c.req.parseBody();
  const name = String(form.name ?? "").trim();
  if (!name || name.length > 80) {
    const tokens = await listApiTokens(db);
    return page(
      c,
      { title: "API tokens", area: "tokens", status: 422 },
      <TokensPage csrf={c.var.csrf} tokens={tokens} error="Give the token a name of 1 to 80 characters" />,
    );
  }
  const created = await createApiToken(db, { name, createdBy: c.var.user!.id });
  const tokens = await listApiTokens(db);
  return page(
    c,
    { title: "API tokens", area: "tokens", status: 201 },
    <TokensPage csrf={c.var.csrf} tokens={tokens} created={created.token} />,
  );
});

settingsRoutes.post("/tokens/:id/revoke", async (c) => {
  requireOwner(c);
  await revokeApiToken(c.var.deps.db, Number(c.req.param("id")));
  return c.redirect("/settings/tokens", 303);
});
