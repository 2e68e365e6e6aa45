import { formatTime } from "./format.ts";
import { CopyButton, Csrf, EmptyState, Field, PostButton } from "./layout.tsx";
import type { UnreadableEntry } from "../db/webhook_unreadable.ts";
import { WebhookErrorLog } from "./webhook_error_log.tsx";

/** A channel as the pages show it: no secrets, with its webhook URL and outbox counts. */
export interface ChannelSummary {
  id: number;
  name: string;
  botId: number;
  botName: string;
  /** False when the bot has no published version: every message would go unanswered (DESIGN §6). */
  answering: boolean;
  phoneNumberId: string;
  verifyToken: string;
  webhookUrl: string;
  health: string;
  healthDetail: string | null;
  lastWebhookAt: number | null;
  failed: number;
  queued: number;
}

/** What the connect/edit form holds: strings as typed. */
export interface ChannelFormValues {
  name: string;
  botId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

interface FormProps {
  csrf: string;
  bots: { id: number; name: string; publishedVersion: number | null }[];
  values: ChannelFormValues;
  errors: Record<string, string>;
  /** Set when editing: secrets may stay empty to keep the stored ones. */
  editId?: number;
}

/** The channels list, the connect form and how to set up Meta's side. */
export function ChannelsPage(props: { channels: ChannelSummary[] } & FormProps) {
  return (
    <>
      <h1>Channels</h1>
      <p class="lead">
        Connect a WhatsApp Business number to a bot. Replies go out through Meta's Cloud API.
      </p>
      {props.channels.length === 0
        ? (
          <EmptyState title="No channels yet">
            {props.bots.length === 0
              ? (
                <p>
                  A channel sends a WhatsApp number's messages to a bot. <a href="/bots">Create a bot</a>{" "}
                  first, then come back to connect its number.
                </p>
              )
              : (
                <p>
                  <a href="#connect">Connect a WhatsApp number</a>{" "}
                  to one of your bots; the steps in Meta's dashboard are below.
                </p>
              )}
          </EmptyState>
        )
        : props.channels.map((ch) => <ChannelCard key={ch.id} channel={ch} csrf={props.csrf} />)}
      <section class="card" id="connect">
        <h2>Connect a WhatsApp number</h2>
        {props.bots.length === 0
          ? (
            <p class="alert warn">
              Create a bot first: a channel sends every message to one bot. <a href="/bots">Go to bots</a>
            </p>
          )
          : <ChannelForm {...props} />}
      </section>
      <MetaHelp />
    </>
  );
}

/** One channel with its edit form (secrets never shown) and Meta's setup steps. */
export function ChannelPage(
  props: { channel: ChannelSummary; saved?: boolean; unreadable?: UnreadableEntry[] } & FormProps,
) {
  return (
    <>
      <p>
        <a href="/channels">← Channels</a>
      </p>
      <h1>{props.channel.name || `Channel ${props.channel.id}`}</h1>
      {props.saved && <p class="alert success">Saved.</p>}
      <ChannelCard channel={props.channel} csrf={props.csrf} detail />
      {props.unreadable && <WebhookErrorLog entries={props.unreadable} />}
      <section class="card">
        <h2>Edit</h2>
        <ChannelForm {...props} editId={props.channel.id} />
      </section>
      <MetaHelp />
    </>
  );
}

/** The health badge: ok, token expired or failing sends. */
export function HealthBadge(props: { health: string }) {
  const [cls, label] = props.health === "ok"
    ? ["ok", "ok"]
    : props.health === "token_expired"
    ? ["bad", "token expired"]
    : ["warn", "failing sends"];
  return <span class={`badge ${cls} health`} data-health={props.health}>{label}</span>;
}

function ChannelCard(props: { channel: ChannelSummary; csrf: string; detail?: boolean }) {
  const ch = props.channel;
  return (
    <section class="card channel" id={`channel-${ch.id}`}>
      <div class="spread">
        <h2>
          {props.detail
            ? ch.name || `Channel ${ch.id}`
            : <a href={`/channels/${ch.id}`}>{ch.name || `Channel ${ch.id}`}</a>}{" "}
          <HealthBadge health={ch.health} />
          {!ch.answering && <NotAnswering />}
        </h2>
        <PostButton
          action={`/channels/${ch.id}/delete`}
          formClass="confirm-delete"
          csrf={props.csrf}
          class="danger small"
        >
          Disconnect
        </PostButton>
      </div>
      {ch.health !== "ok" && ch.healthDetail && <p class="alert error health-detail">{ch.healthDetail}</p>}
      {!ch.answering && (
        <p class="alert error not-answering-detail">
          {ch.botName} has no published version, so every message to this number goes unanswered.{" "}
          <a href={`/bots/${ch.botId}`}>Publish {ch.botName}</a> or bind the number to another bot.
        </p>
      )}
      <dl class="facts">
        <dt>Bot</dt>
        <dd>
          <a href={`/bots/${ch.botId}`}>{ch.botName}</a>
        </dd>
        <dt>Phone number ID</dt>
        <dd class="mono">{ch.phoneNumberId}</dd>
        <dt>Callback URL</dt>
        <dd>
          <code class="token webhook-url" id={`webhook-url-${ch.id}`}>{ch.webhookUrl}</code>{" "}
          <CopyButton target={`webhook-url-${ch.id}`} what="callback URL" />
          {!ch.webhookUrl.startsWith("https://") && (
            <p class="alert warn http-warning">
              Meta accepts only an https callback URL. Set <code>CHATWIRE_PUBLIC_URL</code>{" "}
              to the public https address of this server (behind a reverse proxy with a certificate).
            </p>
          )}
        </dd>
        <dt>Verify token</dt>
        <dd>
          <code class="token verify-token" id={`verify-token-${ch.id}`}>{ch.verifyToken}</code>{" "}
          <CopyButton target={`verify-token-${ch.id}`} what="verify token" />
        </dd>
        <dt>Last webhook</dt>
        <dd class="last-webhook">{formatTime(ch.lastWebhookAt)}</dd>
        <dt>Outbox</dt>
        <dd class="outbox-counts">
          <span class={ch.failed > 0 ? "badge bad" : "badge"}>{ch.failed} failed</span>{" "}
          <span class="badge">{ch.queued} queued</span>
        </dd>
      </dl>
    </section>
  );
}

function ChannelForm(props: FormProps) {
  const { values, errors } = props;
  const editing = props.editId !== undefined;
  const secret = editing ? "(unchanged)" : undefined;
  const unpublished = props.bots.filter((b) => b.publishedVersion === null);
  const input = (name: keyof ChannelFormValues, extra: Record<string, unknown> = {}) => (
    <input
      id={name}
      name={name}
      value={values[name]}
      aria-invalid={errors[name] ? "true" : undefined}
      aria-describedby={errors[name] ? `${name}-error` : undefined}
      {...extra}
    />
  );
  return (
    <form method="post" action={editing ? `/channels/${props.editId}` : "/channels"} class="stack" novalidate>
      <Csrf token={props.csrf} />
      {errors.form && <p class="alert error">{errors.form}</p>}
      <div class="grid2">
        <Field label="Name" name="name" error={errors.name} help="For you only, e.g. “Support line”.">
          {input("name", { maxLength: 80 })}
        </Field>
        <Field
          label="Bot"
          name="botId"
          error={errors.botId}
          help="Every message to this number runs this bot."
        >
          <select id="botId" name="botId">
            {props.bots.map((b) => (
              <option value={String(b.id)} selected={values.botId === String(b.id)}>
                {b.publishedVersion === null ? `${b.name} (not answering: nothing published)` : b.name}
              </option>
            ))}
          </select>
          {unpublished.length > 0 && (
            <p class="help not-answering-help">
              <NotAnswering />{" "}
              A bot with no published version answers nobody: publish it on its page first ({unpublished.map((
                b,
                i,
              ) => (
                <>
                  {i > 0 && ", "}
                  <a href={`/bots/${b.id}`}>{b.name}</a>
                </>
              ))}).
            </p>
          )}
        </Field>
        <Field
          label="Phone number ID"
          name="phoneNumberId"
          error={errors.phoneNumberId}
          help="WhatsApp → API Setup in your Meta app: the number's ID, not the phone number."
        >
          {input("phoneNumberId", { inputMode: "numeric", autocomplete: "off" })}
        </Field>
        <Field
          label="Access token"
          name="accessToken"
          error={errors.accessToken}
          help="A permanent System User token with whatsapp_business_messaging. Stored encrypted."
        >
          {input("accessToken", { type: "password", autocomplete: "off", placeholder: secret })}
        </Field>
        <Field
          label="App secret"
          name="appSecret"
          error={errors.appSecret}
          help="App settings → Basic → App secret. Checks that webhooks come from Meta. Stored encrypted."
        >
          {input("appSecret", { type: "password", autocomplete: "off", placeholder: secret })}
        </Field>
        <Field
          label="Verify token"
          name="verifyToken"
          error={errors.verifyToken}
          help="Any string you choose; paste the same into Meta's webhook form. A random one is filled in."
        >
          {input("verifyToken", { autocomplete: "off", class: "mono" })}
        </Field>
      </div>
      <div>
        <button type="submit" class="primary">{editing ? "Save" : "Connect"}</button>
      </div>
    </form>
  );
}

/** The badge of a channel whose bot has nothing published (DESIGN §6). */
export function NotAnswering() {
  return <span class="badge bad not-answering">not answering</span>;
}

/** Where to click in Meta's dashboard: the same steps as the README. */
export function MetaHelp() {
  return (
    <section class="card meta-help">
      <h2>Set up the number in Meta's dashboard</h2>
      <ol>
        <li>
          In{" "}
          <a href="https://developers.facebook.com/apps" rel="noopener">developers.facebook.com/apps</a>, open
          your app (type Business) and add the <strong>WhatsApp</strong> product if it is not there yet.
        </li>
        <li>
          <strong>WhatsApp → API Setup</strong>: pick your business number under “From”; copy its{" "}
          <strong>Phone number ID</strong> (a long number, not the phone number itself).
        </li>
        <li>
          <strong>Access token</strong>: the token on API Setup expires after 24 hours. For a lasting one,
          open{" "}
          <strong>Business settings → Users → System users</strong>, add a system user (Admin), assign it your
          app and your WhatsApp account, then <strong>Generate new token</strong> with the permissions{" "}
          <code>whatsapp_business_messaging</code> and <code>whatsapp_business_management</code>{" "}
          and expiry “Never”.
        </li>
        <li>
          <strong>App secret</strong>: <strong>App settings → Basic → App secret → Show</strong>.
        </li>
        <li>Connect the number here; Chatwire shows its Callback URL and verify token.</li>
        <li>
          <strong>WhatsApp → Configuration → Webhook → Edit</strong>: paste the <strong>Callback URL</strong>
          {" "}
          and the <strong>Verify token</strong>, then{" "}
          <strong>Verify and save</strong>. Meta calls the URL at once, so the server must be reachable over
          HTTPS at that address.
        </li>
        <li>
          Under <strong>Webhook fields</strong>, click <strong>Manage</strong> and <strong>Subscribe</strong>
          {" "}
          to <code>messages</code>. Send a message to the number: “Last webhook” above shows when it arrived.
        </li>
      </ol>
    </section>
  );
}
