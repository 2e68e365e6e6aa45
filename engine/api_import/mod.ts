/**
 * Importing APIs from a Postman collection v2.1 or an OpenAPI 3.0/3.1
 * document, JSON or YAML (DESIGN §4 "Importing APIs"). `planImport` only
 * reads the document: it returns what would be created and skipped, and
 * the db step (`db/api_import.ts`) writes it.
 */
import { parse as parseYaml } from "yaml";
import { importPostman, postmanVersion } from "./postman.ts";
import { importOpenapi } from "./openapi.ts";
import type { ImportOptions, ImportPlan } from "./plan.ts";

export type { ImportedApi, ImportOptions, ImportPlan, RenamedVariable } from "./plan.ts";
export { attributeNameFor } from "./attribute_names.ts";

/** Documents bigger than this are refused before parsing (the JSON API's body limit is 8 MiB). */
export const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

/** Reads a document (its text, or JSON already parsed) and plans the import, or says why it cannot. */
export async function planImport(
  input: string | unknown,
  options: ImportOptions = {},
): Promise<{ ok: true; plan: ImportPlan } | { ok: false; error: string }> {
  const parsed = typeof input === "string" ? parseText(input) : { doc: input };
  if ("error" in parsed) return { ok: false, error: parsed.error };
  const doc = parsed.doc;
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { ok: false, error: "Cannot import: the document is not a JSON or YAML object" };
  }
  const record = doc as Record<string, unknown>;
  if (
    options.baseUrl !== undefined && options.baseUrl !== "" && !/^https?:\/\/[^/?#]+/i.test(options.baseUrl)
  ) {
    return {
      ok: false,
      error: `Cannot import: the base URL "${options.baseUrl}" must start with http:// or https://`,
    };
  }
  const opts = { baseUrl: options.baseUrl || undefined };
  const postman = postmanVersion(record);
  if (postman !== undefined) {
    if (postman !== "2.1") {
      return {
        ok: false,
        error:
          `Cannot import a Postman collection v${postman}: export it as Collection v2.1 and import again`,
      };
    }
    return { ok: true, plan: importPostman(record, opts) };
  }
  if (typeof record.openapi === "string") {
    if (!/^3\.[01]\./.test(record.openapi)) {
      return { ok: false, error: `Cannot import OpenAPI ${record.openapi}: only 3.0 and 3.1 are supported` };
    }
    try {
      return { ok: true, plan: await importOpenapi(record, opts) };
    } catch (err) {
      return { ok: false, error: `Cannot read the OpenAPI document: ${(err as Error).message}` };
    }
  }
  if (record.swagger !== undefined) {
    return { ok: false, error: "Cannot import Swagger 2.0: convert the document to OpenAPI 3 first" };
  }
  return {
    ok: false,
    error: "Cannot import: this is neither a Postman collection v2.1 nor an OpenAPI 3 document",
  };
}

function parseText(text: string): { doc: unknown } | { error: string } {
  if (text.length > MAX_DOCUMENT_CHARS) return { error: "Cannot import: the document is larger than 8 MiB" };
  if (text.trim() === "") return { error: "Cannot import: the document is empty" };
  try {
    return { doc: JSON.parse(text) };
  } catch (jsonError) {
    if (/^\s*[{[]/.test(text)) {
      return { error: `Cannot import: the JSON is not valid: ${(jsonError as Error).message}` };
    }
  }
  try {
    // maxAliasCount keeps a "billion laughs" document from expanding without end.
    return { doc: parseYaml(text, { maxAliasCount: 100 }) };
  } catch (yamlError) {
    return { error: `Cannot import: the YAML is not valid: ${(yamlError as Error).message.split("\n")[0]}` };
  }
}
