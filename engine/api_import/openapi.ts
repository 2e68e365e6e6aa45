/**
 * OpenAPI 3.0/3.1 → APIs (DESIGN §4 "Importing APIs"): every operation
 * becomes an API named after its `operationId` (else "METHOD /path"); the
 * first server is the base; path, query and header parameters become
 * placeholders of attributes named after them. `$ref`s are resolved by
 * swagger-parser with external references off, so that a pasted document
 * can make the server read neither a file nor a URL.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import type { HttpMethod, KeyValue } from "../types.ts";
import { HTTP_METHODS } from "../types.ts";
import { urlProblem } from "../bot_document_url.ts";
import { AttributeNamer } from "./attribute_names.ts";
import { apiProblem, type ImportedApi, type ImportOptions, type ImportPlan, uniqueName } from "./plan.ts";
import { openapiAuth, openapiBody, openapiSamples } from "./openapi_parts.ts";

type Json = Record<string, unknown>;

const OTHER_METHODS = ["head", "options", "trace"];

/** The plan for an OpenAPI 3 document (already parsed from JSON or YAML). */
export async function importOpenapi(input: Json, options: ImportOptions = {}): Promise<ImportPlan> {
  const doc = await SwaggerParser.dereference(structuredClone(input) as never, {
    resolve: { external: false },
    dereference: { circular: "ignore" },
  }) as unknown as Json;
  const namer = new AttributeNamer();
  const plan: ImportPlan = {
    format: "openapi",
    title: String((doc.info as Json | undefined)?.title ?? "OpenAPI document"),
    apis: [],
    attributes: [],
    renamed: [],
    skipped: [],
  };
  const schemes = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const taken = new Set<string>();
  for (const [path, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    const item = (rawItem ?? {}) as Json;
    for (const [key, rawOperation] of Object.entries(item)) {
      const method = key.toUpperCase();
      if (OTHER_METHODS.includes(key)) {
        plan.skipped.push({ name: `${method} ${path}`, reason: `Method ${method} is not supported` });
        continue;
      }
      if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const operation = (rawOperation ?? {}) as Json;
      const name = uniqueName(
        typeof operation.operationId === "string" ? operation.operationId : `${method} ${path}`,
        taken,
      );
      const base = serverUrl(operation.servers ?? item.servers ?? doc.servers, options.baseUrl);
      if ("reason" in base) {
        plan.skipped.push({ name, reason: base.reason });
        continue;
      }
      const made = toApi(
        name,
        method as HttpMethod,
        base.url + path,
        { item, operation, doc, schemes },
        namer,
      );
      const problem = "reason" in made ? made.reason : apiProblem(made.def);
      if (problem) plan.skipped.push({ name, reason: problem });
      else plan.apis.push(made as ImportedApi);
    }
  }
  plan.attributes = namer.attributes;
  plan.renamed = namer.renamed;
  return plan;
}

function toApi(
  name: string,
  method: HttpMethod,
  rawUrl: string,
  ctx: { item: Json; operation: Json; doc: Json; schemes: Json },
  namer: AttributeNamer,
): ImportedApi | { reason: string } {
  const testValues: Record<string, string> = {};
  const query: KeyValue[] = [];
  const headers: KeyValue[] = [];
  const notes: string[] = [];
  const placeholder = (param: Json) => {
    const attribute = namer.name(String(param.name));
    const example = exampleValue(param);
    if (example !== undefined && testValues[attribute] === undefined) testValues[attribute] = example;
    return `{{${attribute}}}`;
  };
  let url = rawUrl;
  for (const param of parameters(ctx.item, ctx.operation)) {
    if (param.in === "path") url = url.replaceAll(`{${param.name}}`, placeholder(param));
    else if (param.in === "query") query.push({ key: String(param.name), value: placeholder(param) });
    else if (param.in === "header") headers.push({ key: String(param.name), value: placeholder(param) });
    else if (param.in === "cookie") notes.push(`The cookie parameter "${param.name}" is not carried over`);
  }
  // Path templates the parameters did not declare still become placeholders.
  url = url.replace(/\{([^{}/]+)\}(?!\})/g, (_, raw: string) => `{{${namer.name(raw)}}}`);
  const problem = urlProblem(url);
  if (problem) return { reason: problem };
  const body = openapiBody(ctx.operation.requestBody);
  if ("reason" in body) return body;
  if (body.contentType) headers.push({ key: "Content-Type", value: body.contentType });
  const auth = openapiAuth(ctx.operation.security ?? ctx.doc.security, ctx.schemes, notes);
  return {
    def: { name, method, url, query, headers, body: body.body, auth, timeoutMs: 10000, mappings: [] },
    testValues,
    samples: openapiSamples(ctx.operation.responses),
    notes,
  };
}

/** Path-level parameters overridden by the operation's of the same name and place. */
function parameters(item: Json, operation: Json): Json[] {
  const byKey = new Map<string, Json>();
  for (const list of [item.parameters, operation.parameters]) {
    for (const param of Array.isArray(list) ? list as Json[] : []) {
      if (param && typeof param.name === "string") byKey.set(`${param.in}:${param.name}`, param);
    }
  }
  return [...byKey.values()];
}

function exampleValue(param: Json): string | undefined {
  const schema = (param.schema ?? {}) as Json;
  const examples = Object.values((param.examples ?? {}) as Json).map((e) => (e as Json | undefined)?.value);
  const value = param.example ?? examples[0] ?? schema.example ?? schema.default ??
    (Array.isArray(schema.enum) ? schema.enum[0] : undefined);
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The first server's URL with its variables at their defaults, made absolute with the base URL. */
function serverUrl(servers: unknown, baseUrl?: string): { url: string } | { reason: string } {
  const server = Array.isArray(servers) ? servers[0] as Json | undefined : undefined;
  let url = typeof server?.url === "string" ? server.url : "";
  const variables = (server?.variables ?? {}) as Json;
  url = url.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = (variables[name] as Json | undefined)?.default;
    return value === undefined ? whole : String(value);
  });
  if (/\{[^{}]+\}/.test(url)) return { reason: `The server URL "${url}" has a variable without a default` };
  if (!/^https?:\/\//i.test(url)) {
    if (!baseUrl) {
      return {
        reason: url === ""
          ? "The document names no server: give the import a base URL"
          : `The server URL "${url}" is relative: give the import a base URL`,
      };
    }
    url = url === "" ? baseUrl : new URL(url, baseUrl.replace(/\/*$/, "/")).href;
  }
  return { url: url.replace(/\/+$/, "") };
}
