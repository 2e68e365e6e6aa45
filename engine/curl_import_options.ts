/**
 * What each curl option Chatwire reads ("read" in curl_options.ts) does to
 * the request being imported, following curl's own semantics (its
 * docs/cmdline-opts pages).
 */
import type { KeyValue } from "./types.ts";
import { formField } from "./curl_import_form.ts";

/** A data argument: `-d` and friends, already turned into the bytes curl sends. */
export interface DataPart {
  flag: string;
  text: string;
}

/** A header row; `fromOption` for -A/-e/-r (a -H of the same name wins), `remove` for `-H "Name:"`. */
export interface HeaderRow extends KeyValue {
  fromOption?: boolean;
  remove?: boolean;
}

/** Everything read from the command line, before it becomes an API. */
export interface CurlState {
  urls: string[];
  method?: string;
  headers: HeaderRow[];
  data: DataPart[];
  json: boolean;
  form: KeyValue[];
  urlQuery: string[];
  cookies: string[];
  get: boolean;
  user?: string;
  bearer?: string;
  /** A non-Basic auth scheme asked for (--digest, --ntlm …). */
  authScheme?: string;
  timeoutMs?: number;
  retry?: number;
  warnings: string[];
  /** Ignored options by note key. */
  ignored: Map<string, Set<string>>;
}

export function newState(): CurlState {
  return {
    urls: [],
    headers: [],
    data: [],
    json: false,
    form: [],
    urlQuery: [],
    cookies: [],
    get: false,
    warnings: [],
    ignored: new Map(),
  };
}

interface Arg {
  flag: string;
  value: string;
  /** False for `--no-name`. */
  on: boolean;
}

const FILE_HELP = "paste the content instead (e.g. with --data-raw)";

/** Applies one option; a message when it makes the command impossible to import. */
export function applyOption(long: string, arg: Arg, state: CurlState): string | undefined {
  const { flag, value } = arg;
  switch (long) {
    case "data":
    case "data-ascii":
    case "data-binary":
    case "json":
      if (value.startsWith("@")) return `${flag} ${value} reads a file Chatwire cannot see: ${FILE_HELP}`;
      // -d and --data-ascii strip line breaks only from files; typed data is sent as is.
      state.data.push({ flag, text: value });
      if (long === "json") state.json = true;
      return;
    case "data-raw":
      state.data.push({ flag, text: value });
      return;
    case "data-urlencode": {
      const encoded = urlencoded(value, false);
      if (encoded === null) return `${flag} ${value} reads a file Chatwire cannot see: ${FILE_HELP}`;
      state.data.push({ flag, text: encoded });
      return;
    }
    case "url-query": {
      const encoded = urlencoded(value, true);
      if (encoded === null) return `${flag} ${value} reads a file Chatwire cannot see: write the query out`;
      if (encoded !== "") state.urlQuery.push(encoded);
      return;
    }
    case "form":
    case "form-string": {
      const field = formField(value, long === "form-string");
      if ("error" in field) return `${flag} ${value}: ${field.error}`;
      state.warnings.push(...field.warnings);
      state.form.push(field.field);
      return;
    }
    case "header":
      return header(flag, value, state);
    case "request":
      state.method = value;
      return;
    case "url":
      state.urls.push(value);
      return;
    case "user":
      state.user = value;
      return;
    case "user-agent":
      state.headers.push({ key: "User-Agent", value, fromOption: true });
      return;
    case "referer":
      state.headers.push({ key: "Referer", value: value.replace(/;auto$/, ""), fromOption: true });
      return;
    case "cookie":
      if (!value.includes("=")) {
        state.warnings.push(
          `Ignored ${flag} ${value}: it reads cookies from a file Chatwire cannot see; add -b 'name=value' instead`,
        );
      } else state.cookies.push(value.trim().replace(/;$/, ""));
      return;
    case "get":
      state.get = arg.on;
      return;
    case "head":
      return arg.on
        ? `${flag} sends a HEAD request, and Chatwire's methods are GET, POST, PUT, PATCH and DELETE`
        : undefined;
    case "upload-file":
      return `${flag} ${value} uploads a file Chatwire cannot see: paste its content with --data-binary and -X PUT`;
    case "max-time":
      return maxTime(flag, value, state);
    case "retry": {
      const attempts = Math.max(0, Math.floor(Number(value)) || 0);
      if (attempts > 5) state.warnings.push(`${flag} ${value}: Chatwire retries at most 5 times`);
      state.retry = Math.min(attempts, 5);
      return;
    }
    case "oauth2-bearer":
      state.bearer = value;
      return;
    case "basic":
      if (arg.on) state.authScheme = undefined;
      return;
    case "digest":
    case "ntlm":
    case "negotiate":
    case "anyauth":
      state.authScheme = arg.on ? flag : undefined;
      return;
    case "range":
      // curl adds the dash a lone number lacks ("600" asks for 600-).
      state.headers.push({
        key: "Range",
        value: `bytes=${/-/.test(value) ? value : `${value}-`}`,
        fromOption: true,
      });
      return;
    case "next":
      return `${flag} starts another request: import one request at a time`;
    case "config":
      return `${flag} ${value} reads more options from a file Chatwire cannot see: paste them in the command`;
  }
  return `${flag} is not understood by the importer`;
}

/** `-H "Name: value"`; `-H "Name:"` removes a header curl would add, `-H "Name;"` sends it empty. */
function header(flag: string, value: string, state: CurlState): string | undefined {
  if (value.startsWith("@")) {
    return `${flag} ${value} reads headers from a file Chatwire cannot see: add each with -H`;
  }
  const line = value.replace(/\r?\n$/, "");
  const colon = line.indexOf(":");
  const semi = line.indexOf(";");
  if (colon > 0) {
    const key = line.slice(0, colon).trim();
    const rest = line.slice(colon + 1).trim();
    if (rest === "") {
      state.headers.push({ key, value: "", remove: true });
      return;
    }
    state.headers.push({ key, value: rest });
  } else if (semi > 0 && line.slice(semi + 1).trim() === "") {
    state.headers.push({ key: line.slice(0, semi).trim(), value: "" });
  } else state.warnings.push(`Ignored ${flag} "${value}": a header needs a name and a colon`);
}

function maxTime(flag: string, value: string, state: CurlState): string | undefined {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return `${flag} ${value} is not a number of seconds`;
  const ms = Math.round(seconds * 1000);
  const clamped = Math.min(Math.max(ms, 100), 60000);
  if (seconds === 0) return void (state.timeoutMs = undefined);
  if (clamped !== ms) {
    state.warnings.push(`${flag} ${value}: Chatwire's timeout is 0.1 to 60 seconds, ${clamped} ms was set`);
  }
  state.timeoutMs = clamped;
}

/**
 * The bytes `--data-urlencode` (or `--url-query`) sends for `value`:
 * `content`, `=content`, `name=content` encode the content; `+content`
 * (url-query only) is sent as is; `@file` and `name@file` read a file (null).
 */
function urlencoded(value: string, query: boolean): string | null {
  if (query && value.startsWith("+")) return value.slice(1);
  const eq = value.indexOf("=");
  const at = value.indexOf("@");
  if (at >= 0 && (eq < 0 || at < eq)) return null;
  if (eq < 0) return encodeForm(value);
  const name = value.slice(0, eq);
  return `${name === "" ? "" : `${name}=`}${encodeForm(value.slice(eq + 1))}`;
}

/** curl_easy_escape: every byte but A-Z a-z 0-9 - . _ ~ is %XX (a space too). */
function encodeForm(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
