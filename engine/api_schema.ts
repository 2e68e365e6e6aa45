/**
 * The API's valibot schema (DESIGN §4 APIs and Mappings): body and auth
 * variants, mappings, and the bounds of timeout and retries. Each variant is
 * one entry of a list, so a new body or auth type is one object more.
 */
import * as v from "valibot";
import { jsonPathError } from "./mapping.ts";
import { mappingStatusError } from "./mapping_status.ts";
import { checkJsonTemplate } from "./template.ts";
import { urlProblem } from "./bot_document_url.ts";
import { checked, nonEmpty } from "./schema_parts.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The masked form of a secret in exports and pages. */
export const SECRET_MASK = "********";

export const KeyValueSchema = v.object({ key: v.string(), value: v.string() });

export const BODY_VARIANTS = [
  v.object({ type: v.literal("json"), template: checked(checkJsonTemplate) }),
  v.object({ type: v.literal("form"), fields: v.array(KeyValueSchema) }),
  v.object({ type: v.literal("multipart"), fields: v.array(KeyValueSchema) }),
  v.object({
    type: v.literal("text"),
    template: v.string(),
    contentType: v.optional(v.string(), "text/plain"),
  }),
] as const;

export const BodySchema = v.nullable(
  v.variant(
    "type",
    BODY_VARIANTS,
    'Body types are "json", "form", "multipart" and "text" (or null for none)',
  ),
);

export const AUTH_VARIANTS = [
  v.object({ type: v.literal("none") }),
  v.object({ type: v.literal("bearer"), token: v.string() }),
  v.object({
    type: v.literal("apiKey"),
    in: v.picklist(["header", "query"]),
    name: nonEmpty("The key name"),
    value: v.string(),
  }),
  v.object({ type: v.literal("basic"), username: v.string(), password: v.string() }),
  // OAuth 2.0 client credentials (RFC 6749 §4.4): the caller fetches and caches the token (engine/oauth2.ts).
  v.object({
    type: v.literal("oauth2"),
    tokenUrl: absoluteUrl("The token URL"),
    clientId: v.string(),
    clientSecret: v.string(),
    scope: v.optional(v.string()),
    audience: v.optional(v.string()),
    /** How the client authenticates to the token URL: HTTP Basic (the RFC's default) or in the form body. */
    clientAuth: v.optional(v.picklist(["basic", "body"], 'Client authentication is "basic" or "body"')),
  }),
] as const;

export const AuthSchema = v.variant(
  "type",
  AUTH_VARIANTS,
  'Auth types are "none", "bearer", "apiKey", "basic" and "oauth2"',
);

/** A token URL: absolute http(s) with no placeholders (the caller sends the client secret there). */
function absoluteUrl(what: string) {
  return v.pipe(
    v.string(),
    v.check(
      (u) => /^https?:\/\/[^/?#\s{}]+[^\s{}]*$/i.test(u.trim()) && URL.canParse(u.trim()),
      `${what} must be an absolute http:// or https:// URL without placeholders`,
    ),
  );
}

export const TIMEOUT_MESSAGE = "The timeout is 100 to 60000 ms";
export const RETRY_MESSAGE = "Retries are 0 to 5";

/** `timeoutMs`: 100–60000 (DESIGN §4). */
export const TimeoutMsSchema = v.pipe(
  v.number(TIMEOUT_MESSAGE),
  v.integer(TIMEOUT_MESSAGE),
  v.minValue(100, TIMEOUT_MESSAGE),
  v.maxValue(60000, TIMEOUT_MESSAGE),
);

/** `retry.attempts`: 0–5 (DESIGN §4). */
export const RetryAttemptsSchema = v.pipe(
  v.number(RETRY_MESSAGE),
  v.integer(RETRY_MESSAGE),
  v.minValue(0, RETRY_MESSAGE),
  v.maxValue(5, RETRY_MESSAGE),
);

export const MappingSchema = v.object({
  /** JSONPath (jsonpath-plus) over the parsed JSON response body. */
  path: checked(jsonPathError),
  attribute: v.string(),
  /** The responses it applies to: an exact code or a class, `"2xx"` when absent. */
  status: v.optional(checked(mappingStatusError)),
  /** True leaves the attribute as it was when the path matches nothing (else it is cleared). */
  keep: v.optional(v.boolean()),
});

export const MethodSchema = v.picklist(HTTP_METHODS, `Methods are ${HTTP_METHODS.join(", ")}`);

export const UrlSchema = checked(urlProblem);

/** An API as the document holds it; secrets in `auth` are plaintext here. */
export const ApiSchema = v.object({
  name: nonEmpty("An API name"),
  method: MethodSchema,
  url: UrlSchema,
  query: v.optional(v.array(KeyValueSchema), []),
  headers: v.optional(v.array(KeyValueSchema), []),
  body: v.optional(BodySchema, null),
  auth: v.optional(AuthSchema, { type: "none" }),
  timeoutMs: v.optional(TimeoutMsSchema, 10000),
  retry: v.optional(v.object({ attempts: RetryAttemptsSchema })),
  mappings: v.optional(v.array(MappingSchema), []),
});
