/**
 * Why Chatwire ignores or refuses a curl option (the note keys of
 * curl_options.ts), and the lookup of an option by its long or short name.
 */
import { CURL_OPTIONS } from "./curl_options.ts";

/** long, short, takes a value, accepts `--no-`, handling, note key. */
export type CurlOptionRow = readonly [
  string,
  string,
  boolean,
  boolean,
  "read" | "ignore" | "refuse",
  string?,
];

/** An option of curl as the importer sees it. */
export interface CurlOption {
  long: string;
  short: string;
  takesValue: boolean;
  boolean: boolean;
  handling: "read" | "ignore" | "refuse";
  note?: string;
}

/** Notes for ignored options: they do not change the request Chatwire sends. */
export const IGNORE_NOTES: Record<string, string> = {
  output: "they only change what curl prints or saves",
  connection: "they tune curl's connection, not the request",
  transport: "Chatwire picks the HTTP and TLS versions itself",
  otherProtocol: "they apply to other protocols than HTTP",
  proxy: "Chatwire calls the API directly, not through a proxy",
  insecure:
    "Chatwire always verifies the server's certificate: a server with a self-signed certificate will fail (status 0)",
  caCert: "Chatwire trusts the system's certificate authorities only: a private CA will fail (status 0)",
  certDetails: "they only describe a client certificate (--cert and --key are refused)",
  compressed: "Chatwire accepts compressed answers anyway",
  redirects: "Chatwire follows up to 5 redirects anyway",
  timeouts: "Chatwire has one timeout per API (-m/--max-time sets it)",
  retry: "Chatwire's retry (--retry sets the attempts) has its own backoff",
  cookieJar: "Chatwire keeps no cookie jar",
  netrcOptional: "Chatwire reads no .netrc file: put the credentials in -u",
  pathAsIs: "Chatwire sends the path as it is written",
  globoff: "Chatwire sends {…} and […] in URLs as typed",
  formEscape: "Chatwire escapes multipart field names the way browsers do",
  auth: "they only tune Kerberos",
  haproxy: "Chatwire sends no PROXY protocol header",
  hsts: "Chatwire keeps no HSTS or Alt-Svc cache",
  client: "they only restrict what curl accepts",
};

/** Messages for refused options: they change the request in a way Chatwire cannot express. */
export const REFUSE_NOTES: Record<string, string> = {
  clientCert: "Chatwire cannot send a TLS client certificate",
  tlsAuth: "Chatwire cannot authenticate with TLS-SRP",
  authScheme: "Chatwire sends Basic and Bearer auth only",
  signing: "Chatwire cannot sign requests (AWS SigV4, HTTP message signatures)",
  socket: "Chatwire cannot call an API over a Unix socket",
  routing: "Chatwire resolves the host itself and cannot send the request to another address",
  requestTarget: "Chatwire cannot send a custom request target",
  variables: "Chatwire does not expand curl variables: write the values out",
  netrc: "Chatwire reads no .netrc file: put the credentials in -u user:password",
  timeCond: "Chatwire cannot compute a time condition: add an If-Modified-Since header instead",
  continueAt: "Chatwire cannot resume a transfer: add a Range header instead",
  etagCompare: "Chatwire cannot read an ETag file: add an If-None-Match header instead",
  notRequest: "it does not make a request",
};

const BY_LONG = new Map<string, CurlOption>();
const BY_SHORT = new Map<string, CurlOption>();
for (const [long, short, takesValue, boolean, handling, note] of CURL_OPTIONS) {
  const option = { long, short, takesValue, boolean, handling, note };
  BY_LONG.set(long, option);
  if (short !== "") BY_SHORT.set(short, option);
}

/** The option `--name` (without dashes), or undefined when curl has none. */
export function longOption(name: string): CurlOption | undefined {
  return BY_LONG.get(name);
}

/** The option `-c` (the letter), or undefined when curl has none. */
export function shortOption(letter: string): CurlOption | undefined {
  return BY_SHORT.get(letter);
}
