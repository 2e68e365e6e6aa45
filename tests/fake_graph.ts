/**
 * A loopback stand-in for the Graph API's send endpoint, for end-to-end
 * tests and the benchmark. Point `WHATSAPP_GRAPH_URL` at `fake.url`.
 *
 * It answers `POST /{version}/{phoneNumberId}/messages` like Meta does:
 * - `Authorization: Bearer <token>` must match `options.tokens[phoneNumberId]`
 *   (when `tokens` is given), else 401 with the error-190 body;
 * - the body must be Cloud API JSON (`messaging_product: "whatsapp"`, `to` or
 *   `recipient`, `type` `text` or `interactive` with its sub-object), else 400
 *   with the error-100 body;
 * - scripted failures come next: `failFor(to, …)` always fails one
 *   recipient, `failNext(n, …)` queues n answers for the next valid requests;
 * - otherwise 200 with a send response (a fresh `wamid.` id, `contacts`
 *   echoing `input` and `wa_id`, or `user_id` for a `recipient`), and the
 *   message is appended to `sent`.
 *
 * Every request to the messages path is appended to `attempts`. Both lists
 * grow for the fake's lifetime, which is one test or one benchmark run.
 *
 * @example
 * const graph = await startFakeGraph({ tokens: { "1065": "token" } });
 * graph.failNext(2, { status: 500, body: {} });
 * // … run the server with WHATSAPP_GRAPH_URL=graph.url …
 * await graph.waitFor((sent) => sent.length === 1, 2000);
 * await graph.close();
 */

import { validateSendBody } from "./fake_graph_validate.ts";

/** An answer the fake gives instead of success. */
export interface FakeResponse {
  status: number;
  body: unknown;
}

/** A message the fake accepted (answered 200). */
export interface SentMessage {
  phoneNumberId: string;
  body: Record<string, unknown>;
  at: number;
  messageId: string;
}

/** Any request to the messages path, accepted or not. */
export interface FakeAttempt {
  version: string;
  phoneNumberId: string;
  /** The bearer token, or null when none was sent. */
  token: string | null;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  status: number;
  at: number;
}

export interface FakeGraphOptions {
  /** Accepted token per phone number id; any bearer token when absent. */
  tokens?: Record<string, string>;
  /** Wait this long before answering each request. */
  delayMs?: number;
}

export interface FakeGraph {
  /** Base URL, e.g. `http://127.0.0.1:43121` (no trailing slash). */
  url: string;
  sent: SentMessage[];
  attempts: FakeAttempt[];
  /** Answer the next `n` valid requests with `response`, then succeed. */
  failNext(n: number, response: FakeResponse): void;
  /** Always answer requests `to` (or `recipient`) this address with `response`; null stops it. */
  failFor(to: string, response: FakeResponse | null): void;
  setDelay(ms: number): void;
  /** Resolves with `sent` once `predicate(sent)` holds; rejects after `timeoutMs`. */
  waitFor(
    predicate: (sent: SentMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<SentMessage[]>;
  close(): Promise<void>;
}

/** The error-190 fixture: what Graph answers for an expired token. */
export const ERROR_190 = {
  error: {
    message:
      "Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT. The current time is Sunday, 28-Apr-24 03:40:10 PDT.",
    type: "OAuthException",
    code: 190,
    error_subcode: 463,
    fbtrace_id: "ACEyrTehk6IAd0lm05Ixogh",
  },
};

/** The error-100 fixture: what Graph answers for a malformed request. */
export const ERROR_100 = {
  error: {
    message: "Invalid JSON in request body",
    type: "OAuthException",
    code: 100,
  },
};

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;

/** Starts the fake on 127.0.0.1 with a free port. */
export function startFakeGraph(
  options: FakeGraphOptions = {},
): Promise<FakeGraph> {
  const sent: SentMessage[] = [];
  const attempts: FakeAttempt[] = [];
  const queue: FakeResponse[] = [];
  const failures = new Map<string, FakeResponse>();
  let delayMs = options.delayMs ?? 0;
  let counter = 0;

  async function handle(request: Request): Promise<Response> {
    const match = PATH.exec(new URL(request.url).pathname);
    if (!match || request.method !== "POST") {
      return Response.json(ERROR_100, { status: 404 });
    }
    const [, version, phoneNumberId] = match;
    const text = await request.text();
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const token = request.headers.get("authorization")?.match(/^Bearer (.+)$/)
      ?.[1] ?? null;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch { /* recorded as text, refused below */ }

    const answer = (status: number, json: unknown) => {
      attempts.push({
        version,
        phoneNumberId,
        token,
        body,
        status,
        at: Date.now(),
      });
      return Response.json(json, { status });
    };
    const allowed = options.tokens?.[phoneNumberId];
    if (!token || (options.tokens && token !== allowed)) {
      return answer(401, ERROR_190);
    }
    const valid = validateSendBody(body);
    if (!valid) return answer(400, ERROR_100);
    const failure = failures.get(valid.address) ?? queue.shift();
    if (failure) return answer(failure.status, failure.body);

    const messageId = `wamid.FAKE${String(++counter).padStart(8, "0")}${
      crypto.randomUUID().replaceAll("-", "")
    }`;
    sent.push({ phoneNumberId, body: valid.body, at: Date.now(), messageId });
    const contact = valid.isRecipient
      ? { input: valid.address, user_id: valid.address }
      : { input: valid.address, wa_id: valid.address.replace(/\D/g, "") };
    return answer(200, {
      messaging_product: "whatsapp",
      contacts: [contact],
      messages: [{ id: messageId }],
    });
  }

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    handle,
  );
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    sent,
    attempts,
    failNext(n, response) {
      for (let i = 0; i < n; i++) queue.push(response);
    },
    failFor(to, response) {
      if (response) failures.set(to, response);
      else failures.delete(to);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    waitFor(predicate, timeoutMs = 5000) {
      return waitUntil(() => predicate(sent), timeoutMs).then(() => sent);
    },
    close: () => server.shutdown(),
  });
}

function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() >= deadline) {
        return reject(
          new Error(
            `Cannot wait for the fake Graph API: timed out after ${timeoutMs} ms`,
          ),
        );
      }
      setTimeout(tick, 10);
    };
    tick();
  });
}
