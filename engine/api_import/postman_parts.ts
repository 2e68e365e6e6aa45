/**
 * A Postman request's body and auth as Chatwire's (DESIGN §4): raw JSON and
 * raw text, urlencoded and form-data text fields; bearer, basic and API key
 * auth. What Chatwire cannot express comes back as a reason to skip.
 */
import type { ApiAuth, ApiBody, KeyValue } from "../types.ts";
import { checkJsonTemplate } from "../template.ts";
import type { Templater } from "./postman_vars.ts";

const RAW_TYPES: Record<string, string> = {
  text: "text/plain",
  javascript: "application/javascript",
  xml: "application/xml",
  html: "text/html",
};

/** The body, or why it cannot be carried over. */
export function postmanBody(
  body: unknown,
  headers: KeyValue[],
  t: Templater,
): { body: ApiBody } | { reason: string } {
  if (typeof body !== "object" || body === null) return { body: null };
  const b = body as Record<string, unknown>;
  if (b.disabled === true) return { body: null };
  const mode = typeof b.mode === "string" ? b.mode : "";
  if (mode === "" || mode === "none") return { body: null };
  if (mode === "raw") {
    const raw = typeof b.raw === "string" ? b.raw : "";
    if (raw.trim() === "") return { body: null };
    const language = String((b.options as { raw?: { language?: string } })?.raw?.language ?? "");
    const declared = headers.find((h) => h.key.toLowerCase() === "content-type")?.value ?? "";
    const template = t.text(raw);
    if (language === "json" || (!language && /json/i.test(declared))) {
      const problem = checkJsonTemplate(template);
      if (problem) return { reason: `The raw JSON body is not valid JSON: ${problem}` };
      return { body: { type: "json", template } };
    }
    const contentType = declared !== "" && !declared.includes("{{")
      ? declared
      : RAW_TYPES[language] ?? "text/plain";
    return { body: { type: "text", template, contentType } };
  }
  if (mode === "urlencoded" || mode === "formdata") {
    const list = Array.isArray(b[mode]) ? b[mode] as Record<string, unknown>[] : [];
    const fields: KeyValue[] = [];
    for (const field of list) {
      if (typeof field !== "object" || field === null || field.disabled === true) continue;
      if (field.type === "file") {
        return { reason: `The form field "${field.key}" is a file: only text fields can be sent` };
      }
      fields.push({ key: t.text(field.key), value: t.text(field.value) });
    }
    if (mode === "formdata") {
      // The boundary is Chatwire's: a Content-Type row from the collection would break the body.
      const typeRow = headers.findIndex((h) => h.key.toLowerCase() === "content-type");
      if (typeRow >= 0) headers.splice(typeRow, 1);
      return { body: { type: "multipart", fields } };
    }
    return { body: { type: "form", fields } };
  }
  return { reason: `Postman body mode "${mode}" cannot be expressed as a Chatwire body` };
}

/** Reads Postman's `[{ key, value }]` auth attribute lists. */
function authAttribute(auth: Record<string, unknown>, type: string, key: string): unknown {
  const list = auth[type];
  if (Array.isArray(list)) return list.find((entry) => entry?.key === key)?.value;
  if (typeof list === "object" && list !== null) return (list as Record<string, unknown>)[key];
  return undefined;
}

/**
 * The auth, or why it cannot be carried over. Secrets take the variables'
 * values (they are stored encrypted, not as contact attributes); one
 * without a value is left empty with a note to type it in.
 */
export function postmanAuth(
  auth: unknown,
  t: Templater,
  notes: string[],
): { auth: ApiAuth } | { reason: string } {
  if (typeof auth !== "object" || auth === null) return { auth: { type: "none" } };
  const a = auth as Record<string, unknown>;
  const type = String(a.type ?? "noauth");
  const value = (key: string, secret: boolean) => {
    const raw = authAttribute(a, type, key);
    const text = raw === undefined || raw === null ? "" : String(raw);
    const resolved = t.resolved(text);
    if (resolved === undefined) {
      notes.push(`The ${type} ${key} comes from ${text}, which has no value: type it in the API editor`);
      return "";
    }
    if (secret && resolved === "") notes.push(`The ${type} ${key} is empty: type it in the API editor`);
    return resolved;
  };
  switch (type) {
    case "noauth":
      return { auth: { type: "none" } };
    case "bearer":
      return { auth: { type: "bearer", token: value("token", true) } };
    case "basic":
      return {
        auth: { type: "basic", username: value("username", false), password: value("password", true) },
      };
    case "apikey": {
      const where = String(authAttribute(a, type, "in") ?? "header");
      const name = value("key", false);
      if (name === "") return { reason: "The API key auth has no key name" };
      return {
        auth: {
          type: "apiKey",
          in: where === "query" ? "query" : "header",
          name,
          value: value("value", true),
        },
      };
    }
    case "oauth2": {
      const grant = String(authAttribute(a, type, "grant_type") ?? "");
      if (grant !== "client_credentials") {
        return {
          reason: `Postman OAuth 2.0 "${
            grant || "authorization_code"
          }" needs a user: only client credentials can be carried over`,
        };
      }
      const tokenUrl = t.resolved(String(authAttribute(a, type, "accessTokenUrl") ?? ""));
      if (!tokenUrl) return { reason: "The OAuth 2.0 token URL has no value in the collection" };
      const auth: ApiAuth = {
        type: "oauth2",
        tokenUrl,
        clientId: value("clientId", false),
        clientSecret: value("clientSecret", true),
        clientAuth: authAttribute(a, type, "client_authentication") === "body" ? "body" : "basic",
      };
      const scope = t.resolved(String(authAttribute(a, type, "scope") ?? ""));
      if (scope) auth.scope = scope;
      const audience = t.resolved(String(authAttribute(a, type, "audience") ?? ""));
      if (audience) auth.audience = audience;
      return { auth };
    }
    default:
      return { reason: `Postman auth "${type}" is not one Chatwire can carry over` };
  }
}
