/**
 * The API editor's form: reading it, validating it with valibot into an
 * ApiDef, and turning a stored ApiDef back into form values. Secrets never
 * travel back to the browser in clear: a secret typed but not yet saved
 * (a failed save, a cURL import) rides along sealed in a hidden field.
 */
import * as v from "valibot";
import {
  AUTH_VARIANTS,
  BODY_VARIANTS,
  RETRY_MESSAGE,
  RetryAttemptsSchema,
  TIMEOUT_MESSAGE,
  TimeoutMsSchema,
  UrlSchema,
} from "../engine/api_schema.ts";
import { checkJsonTemplate } from "../engine/template.ts";
import type { ApiAuth, ApiBody, ApiDef, KeyValue } from "../engine/types.ts";
import { HTTP_METHODS, SECRET_MASK } from "../engine/types.ts";
import type { SecretBox } from "../security/secret_box.ts";
import { fieldErrors } from "./field_errors.ts";

export const SECRET_INPUTS = ["token", "keyValue", "password", "clientSecret"] as const;
export type SecretInput = typeof SECRET_INPUTS[number];

/** The editor's fields as typed (secret inputs are what was typed now, usually ""). */
export interface ApiForm {
  name: string;
  method: string;
  url: string;
  query: KeyValue[];
  headers: KeyValue[];
  bodyType: string;
  json: string;
  formFields: KeyValue[];
  multipartFields: KeyValue[];
  text: string;
  contentType: string;
  authType: string;
  token: string;
  keyIn: string;
  keyName: string;
  keyValue: string;
  username: string;
  password: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  audience: string;
  clientAuth: string;
  /** Sealed secrets typed or imported but not saved yet. */
  sealed: Partial<Record<SecretInput, string>>;
  timeoutMs: string;
  retry: string;
  mappings: ApiDef["mappings"];
}

/** A new API's form. */
export function emptyForm(): ApiForm {
  return defToForm({
    name: "",
    method: "GET",
    url: "",
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 10000,
    mappings: [],
  });
}

/** Form values of a stored API; secret inputs stay empty. */
export function defToForm(def: ApiDef): ApiForm {
  const body = def.body;
  const auth = def.auth;
  return {
    name: def.name,
    method: def.method,
    url: def.url,
    query: def.query,
    headers: def.headers,
    bodyType: body === null ? "none" : body.type,
    json: body?.type === "json" ? body.template : "",
    formFields: body?.type === "form" ? body.fields : [],
    multipartFields: body?.type === "multipart" ? body.fields : [],
    text: body?.type === "text" ? body.template : "",
    contentType: body?.type === "text" ? body.contentType : "text/plain",
    authType: auth.type,
    token: "",
    keyIn: auth.type === "apiKey" ? auth.in : "header",
    keyName: auth.type === "apiKey" ? auth.name : "",
    keyValue: "",
    username: auth.type === "basic" ? auth.username : "",
    password: "",
    tokenUrl: auth.type === "oauth2" ? auth.tokenUrl : "",
    clientId: auth.type === "oauth2" ? auth.clientId : "",
    clientSecret: "",
    scope: auth.type === "oauth2" ? auth.scope ?? "" : "",
    audience: auth.type === "oauth2" ? auth.audience ?? "" : "",
    clientAuth: auth.type === "oauth2" ? auth.clientAuth ?? "basic" : "basic",
    sealed: {},
    timeoutMs: String(def.timeoutMs),
    retry: String(def.retry?.attempts ?? 0),
    mappings: def.mappings,
  };
}

/** Reads the posted editor form (parseBody with `all: true`). */
export function readForm(body: Record<string, string | File | (string | File)[]>): ApiForm {
  const one = (key: string) => {
    const value = body[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" ? first : "";
  };
  const many = (key: string) => {
    const value = body[key];
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.map((x) => typeof x === "string" ? x : "");
  };
  const rows = (kind: string): KeyValue[] => {
    const keys = many(`${kind}_key`);
    const values = many(`${kind}_value`);
    return keys.map((key, i) => ({ key: key.trim(), value: values[i] ?? "" }))
      .filter((row) => row.key !== "" || row.value !== "");
  };
  const sealed: ApiForm["sealed"] = {};
  for (const name of SECRET_INPUTS) if (one(`sealed_${name}`)) sealed[name] = one(`sealed_${name}`);
  return {
    name: one("name").trim(),
    method: one("method") || "GET",
    url: one("url").trim(),
    query: rows("query"),
    headers: rows("headers"),
    bodyType: one("bodyType") || "none",
    json: one("json"),
    formFields: rows("form"),
    multipartFields: rows("multipart"),
    text: one("text"),
    contentType: one("contentType").trim() || "text/plain",
    authType: one("authType") || "none",
    token: one("token"),
    keyIn: one("keyIn") || "header",
    keyName: one("keyName").trim(),
    keyValue: one("keyValue"),
    username: one("username"),
    password: one("password"),
    tokenUrl: one("tokenUrl").trim(),
    clientId: one("clientId").trim(),
    clientSecret: one("clientSecret"),
    scope: one("scope").trim(),
    audience: one("audience").trim(),
    clientAuth: one("clientAuth") || "basic",
    sealed,
    timeoutMs: one("timeoutMs").trim(),
    retry: one("retry").trim(),
    // Mappings are edited on their own tab: the route keeps the stored ones.
    mappings: [],
  };
}

/** A form's digits piped into the document's own bounds, so both refuse the same. */
const integer = <S extends v.GenericSchema<number, number>>(schema: S, message: string) =>
  v.pipe(v.string(), v.regex(/^\d+$/, message), v.transform(Number), schema);

/** The body and auth types the document knows, plus "none" for no body. */
export const BODY_TYPES = ["none", ...BODY_VARIANTS.map((b) => b.entries.type.literal)] as const;
export const AUTH_TYPES = AUTH_VARIANTS.map((a) => a.entries.type.literal);

const schema = v.object({
  name: v.pipe(
    v.string(),
    v.minLength(1, "Give the API a name"),
    v.maxLength(100, "Keep the name under 100 characters"),
  ),
  method: v.picklist(HTTP_METHODS, `Pick one of ${HTTP_METHODS.join(", ")}`),
  url: UrlSchema,
  timeoutMs: integer(TimeoutMsSchema, TIMEOUT_MESSAGE),
  retry: integer(RetryAttemptsSchema, RETRY_MESSAGE),
  bodyType: v.picklist(BODY_TYPES, "Pick a body type"),
  authType: v.picklist(AUTH_TYPES, "Pick an authentication"),
  keyIn: v.picklist(["header", "query"], "Send the key in a header or in the query"),
});

/**
 * Validates the form into an ApiDef. A secret left empty becomes
 * SECRET_MASK (saveApi keeps the stored one) unless a sealed pending
 * value is there.
 */
export async function formToDef(
  form: ApiForm,
  secrets: SecretBox,
): Promise<{ def: ApiDef } | { errors: Record<string, string> }> {
  const parsed = v.safeParse(schema, form);
  const errors = parsed.success ? {} : fieldErrors(parsed.issues) as Record<string, string>;
  if (form.bodyType === "json") {
    const problem = form.json.trim() === ""
      ? "Write the JSON body, or pick None"
      : checkJsonTemplate(form.json);
    if (problem) errors.json = problem;
  }
  if (form.authType === "apiKey" && form.keyName === "") {
    errors.keyName = "Name the header or query parameter";
  }
  if (form.authType === "oauth2") {
    const oauth = v.safeParse(
      AUTH_VARIANTS.find((a) => a.entries.type.literal === "oauth2")!,
      oauthOf(form, ""),
    );
    if (!oauth.success) Object.assign(errors, fieldErrors(oauth.issues));
    if (form.clientId === "") errors.clientId = "Type the client id the token URL expects";
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  const out = parsed.output;
  const secret = async (name: SecretInput) =>
    form[name] !== "" ? form[name] : await openPending(form, name, secrets);
  const body: ApiBody = form.bodyType === "json"
    ? { type: "json", template: form.json }
    : form.bodyType === "form"
    ? { type: "form", fields: form.formFields }
    : form.bodyType === "multipart"
    ? { type: "multipart", fields: form.multipartFields }
    : form.bodyType === "text"
    ? { type: "text", template: form.text, contentType: form.contentType }
    : null;
  const auth: ApiAuth = out.authType === "bearer"
    ? { type: "bearer", token: await secret("token") }
    : out.authType === "apiKey"
    ? { type: "apiKey", in: out.keyIn, name: form.keyName, value: await secret("keyValue") }
    : out.authType === "basic"
    ? { type: "basic", username: form.username, password: await secret("password") }
    : out.authType === "oauth2"
    ? oauthOf(form, await secret("clientSecret"))
    : { type: "none" };
  const def: ApiDef = {
    name: out.name,
    method: out.method,
    url: out.url,
    query: form.query,
    headers: form.headers,
    body,
    auth,
    timeoutMs: out.timeoutMs,
    mappings: form.mappings,
  };
  if (out.retry > 0) def.retry = { attempts: out.retry };
  return { def };
}

/** The OAuth 2.0 client-credentials auth of the form, with `clientSecret` as given. */
function oauthOf(form: ApiForm, clientSecret: string): ApiAuth {
  const auth: ApiAuth = {
    type: "oauth2",
    tokenUrl: form.tokenUrl,
    clientId: form.clientId,
    clientSecret,
    clientAuth: form.clientAuth === "body" ? "body" : "basic",
  };
  if (form.scope !== "") auth.scope = form.scope;
  if (form.audience !== "") auth.audience = form.audience;
  return auth;
}

/** Seals the secrets typed in this form (for a re-render), clearing the inputs. */
export async function sealTyped(form: ApiForm, secrets: SecretBox): Promise<ApiForm> {
  const copy = { ...form, sealed: { ...form.sealed } };
  for (const name of SECRET_INPUTS) {
    if (copy[name] !== "" && copy[name] !== SECRET_MASK) {
      copy.sealed[name] = await secrets.seal(PURPOSE + copy[name]);
    }
    copy[name] = "";
  }
  return copy;
}

// Sealed form values carry a purpose, so another sealed secret pasted into the field is refused.
const PURPOSE = "api-form:";

async function openPending(form: ApiForm, name: SecretInput, secrets: SecretBox): Promise<string> {
  const sealed = form.sealed[name];
  if (!sealed) return SECRET_MASK;
  try {
    const plain = await secrets.open(sealed);
    return plain.startsWith(PURPOSE) ? plain.slice(PURPOSE.length) : SECRET_MASK;
  } catch {
    return SECRET_MASK;
  }
}

/** The form with what a pasted curl command gives (method, URL, query, headers, body, auth, timeout). */
export function applyCurl(form: ApiForm, api: Partial<ApiDef>): ApiForm {
  const imported = defToForm({
    name: form.name,
    method: api.method ?? "GET",
    url: api.url ?? "",
    query: api.query ?? [],
    headers: api.headers ?? [],
    body: api.body ?? null,
    auth: api.auth ?? { type: "none" },
    timeoutMs: api.timeoutMs ?? (Number(form.timeoutMs) || 10000),
    mappings: [],
  });
  const auth = api.auth;
  return {
    ...imported,
    retry: api.retry ? String(api.retry.attempts) : form.retry,
    token: auth?.type === "bearer" ? auth.token : "",
    keyValue: auth?.type === "apiKey" ? auth.value : "",
    password: auth?.type === "basic" ? auth.password : "",
    clientSecret: auth?.type === "oauth2" ? auth.clientSecret : "",
  };
}
