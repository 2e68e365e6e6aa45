/**
 * Finding the `{{name}}` placeholders of templates (DESIGN §4
 * "Placeholders"), for the pages' "unknown attribute" warnings and for
 * the renderer in `template.ts`.
 */
import type { ApiDef } from "./types.ts";

/**
 * Matches `{{name}}`, `{{ name }}` and `{{sys.phone}}`. Group 1 is the name.
 * A fresh RegExp per use: a shared global one would carry `lastIndex`.
 */
export function placeholderPattern(): RegExp {
  return /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
}

/** The unique placeholder names of one text, in order of first use. */
export function placeholdersInText(s: string): string[] {
  const names = new Set<string>();
  for (const match of s.matchAll(placeholderPattern())) names.add(match[1]);
  return [...names];
}

/**
 * The unique placeholder names an API uses anywhere: URL, query rows,
 * headers, body and auth, in order of first use.
 */
export function placeholdersOf(api: ApiDef): string[] {
  const texts: string[] = [api.url];
  for (const row of api.query) texts.push(row.key, row.value);
  for (const row of api.headers) texts.push(row.key, row.value);
  const body = api.body;
  if (body?.type === "json" || body?.type === "text") texts.push(body.template);
  if (body?.type === "form" || body?.type === "multipart") {
    for (const field of body.fields) texts.push(field.key, field.value);
  }
  const auth = api.auth;
  if (auth.type === "bearer") texts.push(auth.token);
  if (auth.type === "apiKey") texts.push(auth.name, auth.value);
  if (auth.type === "basic") texts.push(auth.username, auth.password);
  return placeholdersInText(texts.join("\n"));
}
