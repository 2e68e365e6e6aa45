import type { Config } from "../config.ts";
import type { ApiToken } from "../db/api_tokens.ts";
import type { User } from "../db/users.ts";
import { formatTime } from "./format.ts";
import { CopyButton, Csrf, Field, PostButton } from "./layout.tsx";

function SettingsTabs(props: { active: "general" | "team" }) {
  const tab = (id: typeof props.active, href: string, label: string) => (
    <a href={href} aria-current={props.active === id ? "page" : undefined}>{label}</a>
  );
  return (
    <nav class="tabs">
      {tab("general", "/settings", "General")}
      {tab("team", "/settings/team", "Team")}
    </nav>
  );
}

/** General settings: log retention, and the configuration read from the environment. */
export function SettingsPage(props: { csrf: string; retention: string; config: Config; error?: string }) {
  const c = props.config;
  return (
    <>
      <h1>Settings</h1>
      <SettingsTabs active="general" />
      <section class="card">
        <h2>API call logs</h2>
        <form method="post" action="/settings" class="stack">
          <Csrf token={props.csrf} />
          <Field
            label="Keep API call logs for (days)"
            name="logRetentionDays"
            error={props.error}
            help="Older entries under Developers → Logs are deleted automatically."
          >
            <input
              id="logRetentionDays"
              name="logRetentionDays"
              inputMode="numeric"
              value={props.retention}
            />
          </Field>
          <div>
            <button type="submit" class="primary">Save retention</button>
          </div>
        </form>
      </section>
      <section class="card">
        <h2>Environment</h2>
        <p class="help">Set with environment variables when the server starts; see the README.</p>
        <dl class="facts">
          <dt>Public URL</dt>
          <dd>{c.publicUrl}</dd>
          <dt>Database</dt>
          <dd>
            {c.databaseUrl.startsWith("file:") ? c.databaseUrl : c.databaseUrl.replace(/\/\/.*@/, "//")}
          </dd>
          <dt>Graph API</dt>
          <dd>{`${c.whatsappGraphUrl}/${c.whatsappGraphVersion}`}</dd>
          <dt>Private networks for APIs</dt>
          <dd>
            {c.blockPrivateNetworks
              ? "blocked"
              : "allowed (link-local and cloud metadata are always blocked)"}
          </dd>
        </dl>
      </section>
    </>
  );
}

/** The team: members with their roles, add and remove (owners only). */
export function TeamPage(
  props: {
    csrf: string;
    users: User[];
    me: User;
    values: { email?: string; role?: string };
    errors: Record<string, string>;
  },
) {
  const owner = props.me.role === "owner";
  return (
    <>
      <h1>Settings</h1>
      <SettingsTabs active="team" />
      <section class="card">
        <h2>Members</h2>
        <table class="table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Since</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>{u.email}</td>
                <td>
                  <span class={`badge ${u.role}`}>{u.role}</span>
                </td>
                <td>{formatTime(u.createdAt)}</td>
                <td class="actions">
                  {owner && u.id !== props.me.id && (
                    <PostButton
                      action={`/settings/team/${u.id}/remove`}
                      csrf={props.csrf}
                      class="danger small"
                    >
                      Remove
                    </PostButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {owner && (
        <section class="card">
          <h2>Add a member</h2>
          <p class="help">Owners manage the team and settings; editors build bots, APIs and channels.</p>
          <form method="post" action="/settings/team" class="stack">
            <Csrf token={props.csrf} />
            <Field label="Email" name="email" error={props.errors.email}>
              <input id="email" name="email" type="email" required value={props.values.email ?? ""} />
            </Field>
            <Field
              label="Initial password"
              name="password"
              error={props.errors.password}
              help="At least 10 characters; share it privately."
            >
              <input id="password" name="password" type="password" required autocomplete="new-password" />
            </Field>
            <Field label="Role" name="role" error={props.errors.role}>
              <select id="role" name="role">
                <option value="editor" selected={props.values.role !== "owner"}>Editor</option>
                <option value="owner" selected={props.values.role === "owner"}>Owner</option>
              </select>
            </Field>
            <div>
              <button type="submit" class="primary">Add member</button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

/** API tokens for /api/v1: create (shown once), list with last use, revoke. */
export function TokensPage(
  props: { csrf: string; tokens: ApiToken[]; created?: string; error?: string; owner?: boolean },
) {
  const owner = props.owner !== false;
  return (
    <>
      <h1>API tokens</h1>
      <p class="lead">
        Scripts and CI call the JSON API at <code>/api/v1</code> with{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {props.created && (
        <div class="alert success" role="status">
          <p>
            <strong>Copy this token now.</strong> It is shown only once; Chatwire keeps only its hash.
          </p>
          <code class="token" id="new-token">{props.created}</code>{" "}
          <CopyButton target="new-token" what="token" />
        </div>
      )}
      <section class="card">
        <h2>Create a token</h2>
        {owner
          ? (
            <form method="post" action="/settings/tokens" class="inline">
              <Csrf token={props.csrf} />
              <Field label="Name" name="name" error={props.error} help="What uses it, e.g. “backup script”.">
                <input id="name" name="name" required maxLength={80} />
              </Field>
              <button type="submit" class="primary">Create token</button>
            </form>
          )
          : (
            <p class="muted">
              Only owners create and revoke tokens. A token acts with the role of the owner who made it.
            </p>
          )}
      </section>
      <section class="card">
        <h2>Tokens</h2>
        {props.tokens.length === 0
          ? <p class="muted">No tokens yet. Create one above for each script that calls the API.</p>
          : (
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Starts with</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {props.tokens.map((t) => (
                  <tr class={t.revokedAt ? "revoked" : undefined}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{formatTime(t.createdAt)}</td>
                    <td>{formatTime(t.lastUsedAt)}</td>
                    <td class="actions">
                      {t.revokedAt ? <span class="badge muted">revoked</span> : owner && (
                        <PostButton
                          action={`/settings/tokens/${t.id}/revoke`}
                          csrf={props.csrf}
                          class="danger small"
                        >
                          Revoke
                        </PostButton>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
    </>
  );
}
