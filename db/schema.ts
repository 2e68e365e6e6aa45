/**
 * Chatwire's tables. Times are epoch milliseconds; JSON columns hold the
 * engine's types (engine/types.ts). Secrets are stored as ciphertext
 * (security/secret_box.ts) — columns and JSON fields ending in `Enc`.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

// ---------------------------------------------------------------- accounts

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["owner", "editor"] }).notNull(),
  createdAt: integer("created_at").notNull().default(now),
});

export const sessions = sqliteTable("sessions", {
  /** SHA-256 of the cookie value: a stolen database gives no live session. */
  idHash: text("id_hash").primaryKey(),
  userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  csrfToken: text("csrf_token").notNull(),
  createdAt: integer("created_at").notNull().default(now),
  expiresAt: integer("expires_at").notNull(),
}, (t) => [index("sessions_user").on(t.userId)]);

export const loginFailures = sqliteTable("login_failures", {
  /** `account:<email>` or `address:<ip>`. */
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  firstAt: integer("first_at").notNull(),
  lockedUntil: integer("locked_until"),
});

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters, shown so admins can tell tokens apart. */
  prefix: text("prefix").notNull(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull().default(now),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
});

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

// ---------------------------------------------------------------- workspace

export const attributes = sqliteTable("attributes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  type: text("type", { enum: ["text", "number", "boolean"] }).notNull(),
  /** JSON of the default value, or null. */
  defaultValue: text("default_value"),
  description: text("description").notNull().default(""),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const apis = sqliteTable("apis", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  method: text("method").notNull(),
  url: text("url").notNull(),
  /** JSON KeyValue[]. */
  query: text("query").notNull().default("[]"),
  headers: text("headers").notNull().default("[]"),
  /** JSON ApiBody. */
  body: text("body").notNull().default("null"),
  /** JSON ApiAuth with each secret field replaced by its ciphertext. */
  authEnc: text("auth_enc").notNull().default('{"type":"none"}'),
  timeoutMs: integer("timeout_ms").notNull().default(10000),
  retryAttempts: integer("retry_attempts").notNull().default(0),
  /** JSON Mapping[]. */
  mappings: text("mappings").notNull().default("[]"),
  /** JSON Record<placeholder, value>: the actual values last used to test. */
  testValues: text("test_values").notNull().default("{}"),
  /** JSON number[]: statuses seen in tests, offered as routes in the editor. */
  seenStatuses: text("seen_statuses").notNull().default("[]"),
  lastTestStatus: integer("last_test_status"),
  lastTestAt: integer("last_test_at"),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

/** One saved response per status code an API was tested with: what mappings are picked from. */
export const apiSamples = sqliteTable("api_samples", {
  apiId: integer("api_id").notNull(),
  status: integer("status").notNull(),
  /** JSON text, secrets redacted. */
  body: text("body").notNull(),
  savedAt: integer("saved_at").notNull(),
}, (t) => [primaryKey({ columns: [t.apiId, t.status] })]);

export const apiCalls = sqliteTable("api_calls", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  at: integer("at").notNull(),
  apiId: integer("api_id"),
  apiName: text("api_name").notNull(),
  /** `test`, `simulator` or `live`. */
  source: text("source").notNull(),
  method: text("method").notNull(),
  /** Secrets redacted. */
  url: text("url").notNull(),
  status: integer("status").notNull(),
  durationMs: integer("duration_ms").notNull(),
  size: integer("size").notNull(),
  excerpt: text("excerpt").notNull().default(""),
  error: text("error"),
  botId: integer("bot_id"),
  contactId: integer("contact_id"),
}, (t) => [index("api_calls_at").on(t.at), index("api_calls_api").on(t.apiId, t.at)]);

// ---------------------------------------------------------------- bots

export const bots = sqliteTable("bots", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** JSON Flow: the draft admins edit. */
  draftFlow: text("draft_flow").notNull(),
  sessionTimeoutMs: integer("session_timeout_ms").notNull().default(86_400_000),
  publishedVersion: integer("published_version"),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const botVersions = sqliteTable("bot_versions", {
  botId: integer("bot_id").notNull().references(() => bots.id, { onDelete: "cascade" }),
  version: integer("version").notNull(),
  /** JSON Flow, immutable once written. */
  flow: text("flow").notNull(),
  publishedBy: integer("published_by"),
  createdAt: integer("created_at").notNull().default(now),
}, (t) => [primaryKey({ columns: [t.botId, t.version] })]);

// ---------------------------------------------------------------- WhatsApp

export const channels = sqliteTable("channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  type: text("type").notNull().default("whatsapp"),
  name: text("name").notNull().default(""),
  botId: integer("bot_id").notNull().references(() => bots.id),
  phoneNumberId: text("phone_number_id").notNull(),
  accessTokenEnc: text("access_token_enc").notNull(),
  appSecretEnc: text("app_secret_enc").notNull(),
  verifyToken: text("verify_token").notNull(),
  /** `ok`, `token_expired` or `failing`. */
  health: text("health").notNull().default("ok"),
  healthDetail: text("health_detail"),
  lastWebhookAt: integer("last_webhook_at"),
  createdAt: integer("created_at").notNull().default(now),
});

export const contacts = sqliteTable("contacts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** WhatsApp's business-scoped user_id when known, else wa_id; `sim:…` for the simulator. */
  key: text("key").notNull().unique(),
  waId: text("wa_id"),
  userId: text("user_id"),
  name: text("name").notNull().default(""),
  /** JSON AttributeValues of the custom attributes. */
  attributes: text("attributes").notNull().default("{}"),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
}, (t) => [index("contacts_wa_id").on(t.waId), index("contacts_user_id").on(t.userId)]);

export const conversations = sqliteTable("conversations", {
  contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
  botId: integer("bot_id").notNull().references(() => bots.id, { onDelete: "cascade" }),
  /** JSON Conversation (engine/types.ts). */
  state: text("state").notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
}, (t) => [primaryKey({ columns: [t.contactId, t.botId] })]);

/** Inbound messages, stored before the webhook is acknowledged. */
export const inbound = sqliteTable("inbound", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channelId: integer("channel_id").notNull(),
  /** The `wamid…`: the idempotency key from webhook to reply. */
  messageId: text("message_id").notNull().unique(),
  contactKey: text("contact_key").notNull(),
  /** JSON of the internal InboundEvent. */
  event: text("event").notNull(),
  /** `pending`, `done` or `failed`. */
  status: text("status").notNull().default("pending"),
  leaseOwner: text("lease_owner"),
  leaseUntil: integer("lease_until"),
  attempts: integer("attempts").notNull().default(0),
  error: text("error"),
  receivedAt: integer("received_at").notNull(),
  processedAt: integer("processed_at"),
  /**
   * 1 on the contact's oldest pending message, kept by triggers (migration
   * 0002_claim_heads): a claim reads the heads in id order by index instead
   * of grouping every pending row.
   */
  head: integer("head").notNull().default(0),
}, (t) => [
  index("inbound_head").on(t.id).where(sql`status = 'pending' AND head = 1`),
  // Partial: only the few pending rows, so a claim stays cheap however long the history grows.
  index("inbound_pending").on(t.contactKey, t.id).where(sql`status = 'pending'`),
  index("inbound_contact").on(t.contactKey, t.id),
]);

/** Replies to send, written in the same transaction as the conversation. */
export const outbox = sqliteTable("outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channelId: integer("channel_id").notNull(),
  contactKey: text("contact_key").notNull(),
  /** The inbound message this reply answers, with `seq` its position. */
  inboundId: integer("inbound_id"),
  seq: integer("seq").notNull().default(0),
  /** JSON OutMessage. */
  message: text("message").notNull(),
  /** JSON { to?, recipient? }. */
  recipient: text("recipient").notNull(),
  /** `queued`, `sending`, `sent`, `delivered`, `read`, `failed`. */
  status: text("status").notNull().default("queued"),
  waMessageId: text("wa_message_id"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: integer("next_attempt_at").notNull().default(0),
  leaseOwner: text("lease_owner"),
  leaseUntil: integer("lease_until"),
  errorCode: integer("error_code"),
  error: text("error"),
  createdAt: integer("created_at").notNull(),
  sentAt: integer("sent_at"),
  statusAt: integer("status_at"),
  /** 1 on the contact's oldest unsent reply, kept by triggers (migration 0002_claim_heads). */
  head: integer("head").notNull().default(0),
}, (t) => [
  index("outbox_head").on(t.id).where(sql`status IN ('queued', 'sending') AND head = 1`),
  uniqueIndex("outbox_reply").on(t.inboundId, t.seq),
  index("outbox_unsent").on(t.contactKey, t.id).where(sql`status IN ('queued', 'sending')`),
  index("outbox_contact").on(t.contactKey, t.id),
  index("outbox_wamid").on(t.waMessageId),
]);

/** One run of the interpreter for an inbound message, for the pages. */
export const turns = sqliteTable("turns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  contactId: integer("contact_id").notNull(),
  botId: integer("bot_id").notNull(),
  inboundId: integer("inbound_id"),
  /** JSON TraceEntry[]. */
  trace: text("trace").notNull(),
  /** JSON AttributeValues set by this turn. */
  changes: text("changes").notNull().default("{}"),
  at: integer("at").notNull(),
  /** The flow version the conversation ran on (0 for a draft run), for Insights; null before 0006. */
  version: integer("version"),
}, (t) => [index("turns_contact").on(t.contactId, t.at)]);

/** Webhook-level errors and statuses for outbound messages we do not know. */
export const webhookErrors = sqliteTable("webhook_errors", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channelId: integer("channel_id").notNull(),
  code: integer("code"),
  title: text("title").notNull(),
  detail: text("detail"),
  at: integer("at").notNull(),
});

/**
 * OAuth 2.0 access tokens of `oauth2` APIs (engine/oauth2.ts), so a restart
 * or a second process reuses a valid token instead of fetching one at once.
 * `key` hashes the API name and its credentials; the token is sealed.
 */
export const oauthTokens = sqliteTable("oauth_tokens", {
  key: text("key").primaryKey(),
  apiName: text("api_name").notNull(),
  tokenEnc: text("token_enc").notNull(),
  scope: text("scope"),
  expiresAt: integer("expires_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Insights rollups (views/insights*.tsx): counts per bot, kind, hour
 * (epoch ms / 3600000), flow version, node (or API id) and key, added up
 * from turns and the call log past the marks below, so a page reads
 * hundreds of rows instead of a million turns.
 */
export const insightCounts = sqliteTable("insight_counts", {
  botId: integer("bot_id").notNull(),
  kind: text("kind").notNull(),
  hour: integer("hour").notNull(),
  version: integer("version").notNull(),
  node: text("node").notNull(),
  key: text("key").notNull(),
  n: integer("n").notNull(),
}, (t) => [primaryKey({ columns: [t.botId, t.kind, t.hour, t.version, t.node, t.key] })]);

/** How far the rollups have read each source table (`turns`, `api_calls`): the last id counted. */
export const insightMarks = sqliteTable("insight_marks", {
  source: text("source").primaryKey(),
  lastId: integer("last_id").notNull(),
});

/**
 * The webhook error log: updates of a webhook body that could not be read
 * (no sender, a bad timestamp …) and bodies refused with 400, with the
 * reason; the last 50 per channel are kept and shown on the channel page.
 */
export const webhookUnreadable = sqliteTable("webhook_unreadable", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channelId: integer("channel_id").notNull(),
  /** Where in the body, e.g. `entry[0].changes[0].value.messages[1]`; `body` for a refused POST. */
  place: text("place").notNull(),
  reason: text("reason").notNull(),
  /** The update's JSON, cut to a few KB. */
  excerpt: text("excerpt").notNull().default(""),
  at: integer("at").notNull(),
}, (t) => [index("webhook_unreadable_channel").on(t.channelId, t.id)]);
