/**
 * Postman collection v2.1 → APIs (DESIGN §4 "Importing APIs"): every
 * request becomes an API named "Folder / Request"; `{{variables}}` become
 * placeholders of text attributes; collection and folder variables with
 * values become the first test's values; auth is inherited as in Postman.
 */
import type { KeyValue } from "../types.ts";
import { HTTP_METHODS } from "../types.ts";
import { AttributeNamer } from "./attribute_names.ts";
import { apiProblem, type ImportedApi, type ImportOptions, type ImportPlan, uniqueName } from "./plan.ts";
import { type Scope, Templater, withVariables } from "./postman_vars.ts";
import { postmanUrl } from "./postman_url.ts";
import { postmanAuth, postmanBody } from "./postman_parts.ts";

type Json = Record<string, unknown>;

/** Whether `doc` looks like a Postman collection, and which schema version it names. */
export function postmanVersion(doc: Json): string | undefined {
  const info = doc.info as Json | undefined;
  if (typeof info !== "object" || info === null || !Array.isArray(doc.item)) return undefined;
  const schema = String(info.schema ?? "");
  return /collection\/v(\d+\.\d+)/.exec(schema)?.[1] ?? "unknown";
}

/** The plan for a v2.1 collection. */
export function importPostman(doc: Json, options: ImportOptions = {}): ImportPlan {
  const namer = new AttributeNamer();
  const plan: ImportPlan = {
    format: "postman",
    title: String((doc.info as Json).name ?? "Postman collection"),
    apis: [],
    attributes: [],
    renamed: [],
    skipped: [],
  };
  const taken = new Set<string>();
  const walk = (items: unknown[], path: string[], scope: Scope, auth: unknown) => {
    for (const raw of items) {
      if (typeof raw !== "object" || raw === null) continue;
      const item = raw as Json;
      const name = String(item.name ?? "Unnamed");
      if (Array.isArray(item.item)) {
        walk(item.item, [...path, name], withVariables(scope, item.variable), item.auth ?? auth);
        continue;
      }
      const full = uniqueName([...path, name].join(" / "), taken);
      if (typeof item.request !== "object" && typeof item.request !== "string") {
        plan.skipped.push({ name: full, reason: "The item has no request" });
        continue;
      }
      const request: Json = typeof item.request === "string" ? { url: item.request } : item.request as Json;
      const t = new Templater(withVariables(scope, item.variable), namer);
      const made = toApi(full, request, t, request.auth ?? auth, options);
      const problem = "reason" in made ? made.reason : apiProblem(made.def);
      if (problem) plan.skipped.push({ name: full, reason: problem });
      else plan.apis.push(made as ImportedApi);
    }
  };
  walk(doc.item as unknown[], [], withVariables(new Map(), doc.variable), doc.auth);
  plan.attributes = namer.attributes;
  plan.renamed = namer.renamed;
  return plan;
}

function toApi(
  name: string,
  request: Json,
  t: Templater,
  auth: unknown,
  options: ImportOptions,
): ImportedApi | { reason: string } {
  const method = String(request.method ?? "GET").toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return { reason: `Method ${method} is not one of ${HTTP_METHODS.join(", ")}` };
  }
  const url = postmanUrl(request.url, t, options.baseUrl);
  if ("reason" in url) return url;
  const headers = headerRows(request.header, t);
  const body = postmanBody(request.body, headers, t);
  if ("reason" in body) return body;
  const notes: string[] = [];
  const madeAuth = postmanAuth(auth, t, notes);
  if ("reason" in madeAuth) return madeAuth;
  return {
    def: {
      name,
      method: method as ImportedApi["def"]["method"],
      url: url.url,
      query: url.query,
      headers,
      body: body.body,
      auth: madeAuth.auth,
      timeoutMs: 10000,
      mappings: [],
    },
    testValues: t.testValues,
    samples: [],
    notes,
  };
}

function headerRows(header: unknown, t: Templater): KeyValue[] {
  if (typeof header === "string") {
    return header.split(/\r?\n/).filter((line) => line.includes(":")).map((line) => {
      const colon = line.indexOf(":");
      return { key: t.text(line.slice(0, colon).trim()), value: t.text(line.slice(colon + 1).trim()) };
    });
  }
  if (!Array.isArray(header)) return [];
  return header
    .filter((h) => typeof h === "object" && h !== null && h.disabled !== true && String(h.key ?? "") !== "")
    .map((h) => ({ key: t.text(h.key), value: t.text(h.value) }));
}
