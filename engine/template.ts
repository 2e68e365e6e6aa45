/**
 * Context-aware placeholder rendering (DESIGN §4 "Placeholders"): the same
 * `{{name}}` is escaped for the place it lands in, so that a value typed by
 * a WhatsApp user can never change the shape of a request.
 */
import type { ApiDef, AttributeType, AttributeValues, KeyValue } from "./types.ts";
import { renderPlain, renderUrl } from "./template_url.ts";
import { renderJsonBody } from "./template_json.ts";
import { headerValue, renderTextBody } from "./template_text.ts";
import { basicCredentials } from "./redact.ts";
import { renderMultipart } from "./template_multipart.ts";

export { checkJsonTemplate } from "./template_json.ts";

/** A request ready for fetch. Header names keep the case they were given. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  contentType?: string;
}

/** Renders plain text (messages, `set` values); unknown attributes → "". */
export function renderText(template: string, values: AttributeValues): string {
  return renderPlain(template, values);
}

/**
 * Renders an API into a request: URL, query, headers, body and auth, each
 * with its own escaping. `{ error }` for what must fail the call (status 0):
 * a control character in a header, a placeholder in the host, broken JSON.
 */
export function renderRequest(
  api: ApiDef,
  values: AttributeValues,
  options: { attributeTypes?: Record<string, AttributeType> } = {},
): RenderedRequest | { error: string } {
  const auth = api.auth;
  const extraQuery: KeyValue[] = auth.type === "apiKey" && auth.in === "query"
    ? [{ key: auth.name, value: auth.value }]
    : [];
  const url = renderUrl(api.url, values, { query: api.query, extraQuery });
  if (typeof url !== "string") return url;

  const headers: Record<string, string> = {};
  for (const row of api.headers) {
    if (row.key.trim() === "") continue;
    setHeader(
      headers,
      renderPlain(row.key, values).trim(),
      renderPlain(row.value, values),
    );
  }
  if (auth.type === "bearer") {
    setHeader(headers, "Authorization", `Bearer ${auth.token}`);
  }
  if (auth.type === "basic") {
    setHeader(
      headers,
      "Authorization",
      `Basic ${basicCredentials(auth.username, auth.password)}`,
    );
  }
  if (auth.type === "apiKey" && auth.in === "header") {
    setHeader(headers, auth.name, auth.value);
  }

  let body: string | undefined;
  let contentType: string | undefined;
  const def = api.body;
  if (def?.type === "json") {
    const rendered = renderJsonBody(
      def.template,
      values,
      options.attributeTypes,
    );
    if (typeof rendered !== "string") return rendered;
    [body, contentType] = [rendered, "application/json"];
  } else if (def?.type === "form") {
    const form = new URLSearchParams();
    for (const field of def.fields) {
      if (field.key !== "") {
        form.append(
          renderPlain(field.key, values),
          renderPlain(field.value, values),
        );
      }
    }
    [body, contentType] = [
      form.toString(),
      "application/x-www-form-urlencoded",
    ];
  } else if (def?.type === "multipart") {
    ({ body, contentType } = renderMultipart(def.fields, values));
    // The boundary is ours: a typed Content-Type without it would break the body.
    const typed = findHeader(headers, "content-type");
    if (typed !== undefined) delete headers[typed];
  } else if (def?.type === "text") {
    contentType = def.contentType || "text/plain";
    // A Content-Type header wins over the body's type: encode for what is sent.
    const typeHeader = findHeader(headers, "content-type");
    const sentType = typeHeader === undefined ? contentType : headers[typeHeader];
    const rendered = renderTextBody(def.template, sentType, values, options.attributeTypes);
    if (typeof rendered !== "string") return rendered;
    body = rendered;
  }
  if (contentType && findHeader(headers, "content-type") === undefined) {
    headers["Content-Type"] = contentType;
  }

  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return { error: `Bad header name "${name}"` };
    }
    const encoded = headerValue(value);
    if (encoded === null) {
      return {
        error: `Bad header "${name}": the value contains a line break or control character`,
      };
    }
    headers[name] = encoded;
  }
  return { method: api.method, url, headers, body, contentType };
}

/** The name under which `headers` holds `name`, compared case-insensitively. */
export function findHeader(
  headers: Record<string, string>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === lower);
}

/** Sets a header, replacing one of the same name in any case. */
function setHeader(
  headers: Record<string, string>,
  name: string,
  value: string,
): void {
  const existing = findHeader(headers, name);
  if (existing !== undefined) delete headers[existing];
  headers[name] = value;
}
