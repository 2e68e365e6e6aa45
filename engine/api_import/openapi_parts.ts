/**
 * Pieces of an OpenAPI operation as Chatwire's: the security scheme as the
 * auth, a JSON request body's example (or one generated from its schema) as
 * the body template, and documented responses as samples per status.
 */
import { sample } from "openapi-sampler";
import type { ApiAuth, ApiBody } from "../types.ts";

type Json = Record<string, unknown>;

/**
 * The auth of the first security requirement Chatwire can express. Secrets
 * are left empty (a document carries none) with a note to type them in.
 */
export function openapiAuth(
  requirements: unknown,
  schemes: Json,
  notes: string[],
): ApiAuth {
  if (!Array.isArray(requirements) || requirements.length === 0) return { type: "none" };
  const unsupported: string[] = [];
  for (const requirement of requirements) {
    const names = Object.keys(requirement ?? {});
    if (names.length === 0) return { type: "none" };
    if (names.length > 1) {
      unsupported.push(names.join(" + "));
      continue;
    }
    const scheme = schemes[names[0]] as Json | undefined;
    const auth = scheme && authOf(scheme, (requirement as Record<string, string[]>)[names[0]]);
    if (auth) {
      notes.push(`Type the ${describe(auth)} of "${names[0]}" in the API editor`);
      return auth;
    }
    unsupported.push(names[0]);
  }
  notes.push(
    `Security ${unsupported.map((n) => `"${n}"`).join(", ")} cannot be carried over: auth set to none`,
  );
  return { type: "none" };
}

function authOf(scheme: Json, scopes: unknown): ApiAuth | undefined {
  const type = String(scheme.type ?? "");
  if (type === "http" && /^bearer$/i.test(String(scheme.scheme))) return { type: "bearer", token: "" };
  if (type === "http" && /^basic$/i.test(String(scheme.scheme))) {
    return { type: "basic", username: "", password: "" };
  }
  if (
    type === "apiKey" && (scheme.in === "header" || scheme.in === "query") && typeof scheme.name === "string"
  ) {
    return { type: "apiKey", in: scheme.in, name: scheme.name, value: "" };
  }
  const flow = (scheme.flows as Json | undefined)?.clientCredentials as Json | undefined;
  if (type === "oauth2" && flow && typeof flow.tokenUrl === "string") {
    const scope = Array.isArray(scopes) && scopes.length > 0 ? scopes.join(" ") : undefined;
    const auth: ApiAuth = { type: "oauth2", tokenUrl: flow.tokenUrl, clientId: "", clientSecret: "" };
    if (scope) auth.scope = scope;
    return auth;
  }
  return undefined;
}

function describe(auth: ApiAuth): string {
  if (auth.type === "oauth2") return "client id and secret";
  return auth.type === "basic" ? "username and password" : auth.type === "bearer" ? "token" : "key";
}

/** The body, or why the operation's request body cannot be sent. */
export function openapiBody(
  requestBody: unknown,
): { body: ApiBody; contentType?: string } | { reason: string } {
  const content = (requestBody as Json | undefined)?.content as Json | undefined;
  if (!content || Object.keys(content).length === 0) return { body: null };
  const types = Object.keys(content);
  const json = types.find((type) => /^application\/(.+\+)?json\b/i.test(type));
  if (json) {
    const example = exampleOf(content[json] as Json);
    return {
      body: { type: "json", template: example === undefined ? "{}" : JSON.stringify(example, null, 2) },
      contentType: json === "application/json" ? undefined : json,
    };
  }
  const form = types.find((type) => type === "application/x-www-form-urlencoded");
  if (form) {
    const example = exampleOf(content[form] as Json);
    const fields = typeof example === "object" && example !== null && !Array.isArray(example)
      ? Object.entries(example).map(([key, value]) => ({ key, value: scalarText(value) }))
      : [];
    return { body: { type: "form", fields } };
  }
  const text = types.find((type) => /^text\/|[/+]xml$/i.test(type));
  if (text) {
    const example = exampleOf(content[text] as Json);
    return {
      body: { type: "text", template: typeof example === "string" ? example : "", contentType: text },
    };
  }
  return { reason: `The request body (${types.join(", ")}) cannot be expressed as a Chatwire body` };
}

/** JSON samples of the documented responses, one per numeric status. */
export function openapiSamples(responses: unknown): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  for (const [code, response] of Object.entries((responses ?? {}) as Json)) {
    if (!/^[1-5]\d\d$/.test(code)) continue;
    const content = (response as Json | undefined)?.content as Json | undefined;
    const json = Object.keys(content ?? {}).find((type) => /^application\/(.+\+)?json\b/i.test(type));
    if (!json) continue;
    const example = exampleOf(content![json] as Json, true);
    if (example !== undefined) out.push({ status: Number(code), body: JSON.stringify(example, null, 2) });
  }
  return out;
}

/** A media type's `example`, its first `examples` value, or one generated from its schema. */
export function exampleOf(media: Json | undefined, forResponse = false): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const examples = media.examples as Json | undefined;
  for (const entry of Object.values(examples ?? {})) {
    const value = (entry as Json | undefined)?.value;
    if (value !== undefined) return value;
  }
  if (typeof media.schema !== "object" || media.schema === null) return undefined;
  try {
    return sample(
      media.schema as Parameters<typeof sample>[0],
      forResponse ? { skipWriteOnly: true, quiet: true } : { skipReadOnly: true, quiet: true },
    );
  } catch {
    return undefined;
  }
}

function scalarText(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? "");
}
