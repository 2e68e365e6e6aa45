/**
 * Turns a pasted curl command (e.g. a browser's "Copy as cURL") into an API
 * definition for the API editor: method, URL and query rows, headers, body
 * and auth. What cannot be carried over is listed in `warnings`.
 */
import type { ApiBody, ApiDef, HttpMethod, KeyValue } from "./types.ts";
import { HTTP_METHODS } from "./types.ts";
import { shellWords } from "./curl_import_words.ts";

const IGNORED = new Set([
  "-s",
  "--silent",
  "-S",
  "--show-error",
  "-L",
  "--location",
  "-k",
  "--insecure",
  "--compressed",
  "-i",
  "--include",
  "-v",
  "--verbose",
  "-f",
  "--fail",
  "-g",
  "--globoff",
  "-N",
  "--no-buffer",
]);
const WITH_VALUE_IGNORED = new Set([
  "--connect-timeout",
  "-o",
  "--output",
  "-w",
  "--write-out",
  "--retry",
]);
const DATA = new Set([
  "-d",
  "--data",
  "--data-raw",
  "--data-binary",
  "--data-ascii",
  "--data-urlencode",
  "--json",
]);
const WITH_VALUE = new Set([
  "-X",
  "--request",
  "-H",
  "--header",
  "-u",
  "--user",
  "--url",
  "-A",
  "--user-agent",
  "-e",
  "--referer",
  "-b",
  "--cookie",
  "-m",
  "--max-time",
  ...DATA,
  ...WITH_VALUE_IGNORED,
]);

/** Parses a curl command; `{ error }` when it is not one we can read. */
export function parseCurl(
  command: string,
): { api: Partial<ApiDef>; warnings: string[] } | { error: string } {
  const words = shellWords(command.trim());
  if (!Array.isArray(words)) {
    return { error: `Cannot import curl command: ${words.error}` };
  }
  if (words[0] !== "curl") {
    return { error: "Cannot import curl command: it does not start with curl" };
  }
  const warnings: string[] = [];
  const headers: KeyValue[] = [];
  const data: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  let json = false;
  let user: string | undefined;
  let timeoutMs: number | undefined;

  for (let i = 1; i < words.length; i++) {
    let flag = words[i];
    let value: string | undefined;
    if (/^-[A-Za-z]./.test(flag)) {
      // "-XPOST" carries its value; "-sSL" bundles flags without values.
      if (WITH_VALUE.has(flag.slice(0, 2))) {
        [flag, value] = [flag.slice(0, 2), flag.slice(2)];
      } else if (/^-[A-Za-z]+$/.test(flag)) {
        words.splice(i + 1, 0, ...[...flag.slice(2)].map((c) => `-${c}`));
        flag = flag.slice(0, 2);
      }
    }
    if (!flag.startsWith("-") || flag === "-") {
      if (url === undefined) url = flag;
      else warnings.push(`Ignored extra argument "${flag}"`);
      continue;
    }
    if (WITH_VALUE.has(flag) && value === undefined) {
      value = words[++i];
      if (value === undefined) {
        return { error: `Cannot import curl command: ${flag} needs a value` };
      }
    }
    if (IGNORED.has(flag) || WITH_VALUE_IGNORED.has(flag)) continue;
    if (flag === "-X" || flag === "--request") method = value!.toUpperCase();
    else if (flag === "-H" || flag === "--header") {
      const colon = value!.indexOf(":");
      if (colon > 0) {
        headers.push({
          key: value!.slice(0, colon).trim(),
          value: value!.slice(colon + 1).trim(),
        });
      } else warnings.push(`Ignored header "${value}"`);
    } else if (flag === "-u" || flag === "--user") user = value;
    else if (flag === "--url") url = value;
    else if (flag === "-A" || flag === "--user-agent") {
      headers.push({ key: "User-Agent", value: value! });
    } else if (flag === "-e" || flag === "--referer") {
      headers.push({ key: "Referer", value: value! });
    } else if (flag === "-b" || flag === "--cookie") {
      headers.push({ key: "Cookie", value: value! });
    } else if (flag === "-m" || flag === "--max-time") {
      timeoutMs = Math.min(
        Math.max(Math.round(Number(value) * 1000) || 10000, 100),
        60000,
      );
    } else if (flag === "-G" || flag === "--get") get = true;
    else if (DATA.has(flag)) {
      if (flag === "--json") json = true;
      if (
        /^@/.test(value!) ||
        (flag === "--data-urlencode" && /^[^=]*@/.test(value!))
      ) {
        warnings.push(
          `Cannot read the file in ${flag} ${value}: paste its content instead`,
        );
        continue;
      }
      data.push(flag === "--data-urlencode" ? urlencodeData(value!) : value!);
    } else warnings.push(`Ignored option ${flag}`);
  }
  if (!url) return { error: "Cannot import curl command: no URL" };
  if (!/^https?:\/\//i.test(url)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
      return {
        error: `Cannot import curl command: only http and https URLs can be called`,
      };
    }
    url = `http://${url}`;
    warnings.push("The URL had no scheme: http:// was assumed");
  }
  const chosen = (method ?? (data.length > 0 && !get ? "POST" : "GET")) as HttpMethod;
  if (!HTTP_METHODS.includes(chosen)) {
    return {
      error: `Cannot import curl command: method "${chosen}" is not supported`,
    };
  }
  const [base, search = ""] = url.replace(/#.*$/, "").split(/\?(.*)/s);
  const query = parseQuery(search);
  if (get) query.push(...parseQuery(data.join("&")));
  if (json) {
    addDefault(headers, "Content-Type", "application/json"),
      addDefault(headers, "Accept", "application/json");
  }

  const api: Partial<ApiDef> = {
    method: chosen,
    url: base,
    query,
    headers,
    auth: { type: "none" },
  };
  if (timeoutMs !== undefined) api.timeoutMs = timeoutMs;
  api.body = get || data.length === 0 ? null : bodyOf(data.join(json ? "" : "&"), headers);
  takeAuth(api, headers, user, warnings);
  return { api, warnings };
}

/** Chooses the body type: JSON if it parses, a form if it looks like one. */
function bodyOf(data: string, headers: KeyValue[]): ApiBody {
  const typeRow = headers.find((h) => h.key.toLowerCase() === "content-type");
  const type = typeRow?.value.toLowerCase() ?? "";
  const drop = () => typeRow && headers.splice(headers.indexOf(typeRow), 1);
  if (type.includes("json") || (type === "" && looksJson(data))) {
    if (type === "" || type.startsWith("application/json")) drop();
    return { type: "json", template: data };
  }
  if (
    type.startsWith("application/x-www-form-urlencoded") ||
    (type === "" && /^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(data))
  ) {
    drop();
    return { type: "form", fields: parseQuery(data) };
  }
  drop();
  return {
    type: "text",
    template: data,
    contentType: typeRow?.value ?? "text/plain",
  };
}

/** Moves `-u` and an `Authorization` header into `auth`. */
function takeAuth(
  api: Partial<ApiDef>,
  headers: KeyValue[],
  user: string | undefined,
  warnings: string[],
) {
  if (user !== undefined) {
    const colon = user.indexOf(":");
    if (colon < 0) warnings.push("-u has no password: it was left empty");
    api.auth = colon < 0 ? { type: "basic", username: user, password: "" } : {
      type: "basic",
      username: user.slice(0, colon),
      password: user.slice(colon + 1),
    };
  }
  const row = headers.find((h) => h.key.toLowerCase() === "authorization");
  const bearer = row && /^Bearer\s+(.+)$/i.exec(row.value);
  const basic = row && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(row.value);
  if (bearer) api.auth = { type: "bearer", token: bearer[1].trim() };
  else if (basic) {
    try {
      const pair = new TextDecoder().decode(
        Uint8Array.from(atob(basic[1]), (c) => c.charCodeAt(0)),
      );
      const [username, ...rest] = pair.split(":");
      api.auth = { type: "basic", username, password: rest.join(":") };
    } catch {
      return;
    }
  } else return;
  headers.splice(headers.indexOf(row!), 1);
}

function urlencodeData(value: string): string {
  const eq = value.indexOf("=");
  if (eq < 0) return encodeURIComponent(value);
  const name = value.slice(0, eq);
  return `${name === "" ? "" : `${name}=`}${encodeURIComponent(value.slice(eq + 1))}`;
}

function parseQuery(search: string): KeyValue[] {
  if (search === "") return [];
  return search.split("&").filter((p) => p !== "").map((pair) => {
    const eq = pair.indexOf("=");
    const [key, value] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    return { key: decode(key), value: decode(value) };
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

function looksJson(data: string): boolean {
  if (!/^\s*[[{]/.test(data)) return false;
  try {
    JSON.parse(data);
    return true;
  } catch {
    return /\{\{/.test(data); // a template with placeholders is still JSON-to-be
  }
}

function addDefault(headers: KeyValue[], key: string, value: string) {
  if (!headers.some((h) => h.key.toLowerCase() === key.toLowerCase())) {
    headers.push({ key, value });
  }
}
