/**
 * What importing a Postman collection or an OpenAPI document would do
 * (DESIGN §4 "Importing APIs"): the APIs to create or update, the text
 * attributes their placeholders need, and what was skipped and why. Pure
 * data: the pages show it before anything is written, the db step applies it.
 */
import * as v from "valibot";
import { ApiSchema } from "../api_schema.ts";
import type { ApiDef } from "../types.ts";

/** One API the document describes, as Chatwire will store it. */
export interface ImportedApi {
  def: ApiDef;
  /** Values for the editor's first test, by placeholder name (collection variables, examples). */
  testValues: Record<string, string>;
  /** Documented responses (OpenAPI), saved as samples per status so mappings can be made before a call. */
  samples: { status: number; body: string }[];
  /** What did not carry over but did not stop the API (auth that needs its secret typed in …). */
  notes: string[];
}

/** A document variable or parameter whose name had to change to follow the attribute name rule. */
export interface RenamedVariable {
  from: string;
  to: string;
}

export interface ImportPlan {
  format: "postman" | "openapi";
  /** The collection's or document's title. */
  title: string;
  apis: ImportedApi[];
  /** Names of the attributes the placeholders use (created as `text` when missing). */
  attributes: string[];
  renamed: RenamedVariable[];
  skipped: { name: string; reason: string }[];
}

/** Options of an import; `baseUrl` stands in for a document's missing or relative server. */
export interface ImportOptions {
  /** Used where the document gives no absolute base: a relative OpenAPI server, a Postman `{{host}}` without value. */
  baseUrl?: string;
}

/** The `{{…}}` of a Postman variable, any characters but braces. */
export const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** An API's name made unique within one document: "Get pet", "Get pet (2)". */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name.trim() === "" ? "Unnamed request" : name.trim().slice(0, 200);
  for (let i = 2; taken.has(candidate); i++) candidate = `${name.trim()} (${i})`;
  taken.add(candidate);
  return candidate;
}

/** Why an imported API breaks the API rules (DESIGN §4), or null: the same schema as every other API. */
export function apiProblem(def: ApiDef): string | null {
  const parsed = v.safeParse(ApiSchema, def);
  if (parsed.success) return null;
  const issue = parsed.issues[0];
  const path = (issue.path ?? []).map((p) => String(p.key)).join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}
