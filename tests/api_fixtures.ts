/**
 * Shared fixtures of the callApi() tests (engine/api_caller*_test.ts): an
 * API definition and a loopback server with a handler of the test's own.
 */
import type { ApiDef } from "../engine/types.ts";

/** The API "Get order" at `url`: GET, no auth, 2 s timeout, with `patch` applied. */
export function api(url: string, patch: Partial<ApiDef> = {}): ApiDef {
  return {
    name: "Get order",
    method: "GET",
    url,
    query: [],
    headers: [],
    body: null,
    auth: { type: "none" },
    timeoutMs: 2000,
    mappings: [],
    ...patch,
  };
}

/** A loopback server with its own handler, closed by `close()`. */
export function serve(handler: (request: Request) => Response | Promise<Response>) {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    handler,
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    port: server.addr.port,
    close: () => server.shutdown(),
  };
}
