/**
 * The benchmark's load: N contacts at once, each sending a first message
 * (answered by the question) and then order ids (answered by the order's
 * status and the question again), one at a time like a person typing, each
 * as a signed webhook. Replies are matched to messages by contact and text
 * as the fake Graph API receives them.
 */
import { signBody } from "../engine/whatsapp/signature.ts";
import type { FakeGraph } from "../tests/fake_graph.ts";
import { textWebhook } from "../tests/whatsapp_setup.ts";
import { APP_SECRET, PHONE_NUMBER_ID } from "./whatsapp_setup.ts";

export interface LoadOptions {
  contacts: number;
  messages: number;
  /** Stop sending new messages after this long. */
  maxSeconds: number;
  /** Give up waiting for one reply after this long (it counts as lost). */
  replyTimeoutMs: number;
}

export interface LoadResult {
  sent: number;
  acknowledged: number;
  seconds: number;
  ackMs: number[];
  e2eMs: number[];
  expectedReplies: number;
  lost: number;
  duplicated: number;
  unexpected?: number;
}

export const QUESTION = "Your order number?";

/** Contact `c`'s phone number. */
export function waIdOf(c: number): string {
  return `1555${String(c).padStart(7, "0")}`;
}

/** Contact `c`'s message `j`: "hi" first, then order ids; and the reply the order status gives. */
export function messageOf(c: number, j: number): { text: string; answer: string } {
  const text = j === 0 ? "hi" : `1${String(c).padStart(4, "0")}${String(j).padStart(3, "0")}`;
  return { text, answer: j === 0 ? QUESTION : `Order ${text} is shipped (42.5).` };
}

/**
 * Posts one signed webhook carrying `messages`; answers the HTTP status, or 0
 * when no answer came (a connection reset under load is a message Meta would
 * redeliver: counted as not acknowledged, never a crash of the whole run).
 */
export async function postSigned(
  webhookUrl: string,
  messages: { from: string; text: string; id: string }[],
): Promise<number> {
  const body = textWebhook(messages.map((m) => ({ ...m, name: `Bench ${m.from}` })), PHONE_NUMBER_ID);
  const headers = {
    "content-type": "application/json",
    "x-hub-signature-256": await signBody(body, APP_SECRET),
  };
  try {
    const res = await fetch(webhookUrl, { method: "POST", headers, body });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/** Runs the load against `webhookUrl`; resolves when every contact is done or out of time. */
export async function runLoad(
  webhookUrl: string,
  graph: FakeGraph,
  options: LoadOptions,
): Promise<LoadResult> {
  const matcher = replyMatcher(graph);
  const result: LoadResult = {
    sent: 0,
    acknowledged: 0,
    seconds: 0,
    ackMs: [],
    e2eMs: [],
    expectedReplies: 0,
    lost: 0,
    duplicated: 0,
  };
  const expected = new Map<string, number>();
  const expect = (key: string) => {
    expected.set(key, (expected.get(key) ?? 0) + 1);
    result.expectedReplies++;
  };
  const started = performance.now();
  const deadline = Date.now() + options.maxSeconds * 1000;

  async function contact(c: number): Promise<void> {
    const waId = waIdOf(c);
    for (let j = 0; j <= options.messages && Date.now() < deadline; j++) {
      const { text, answer } = messageOf(c, j);
      const replied = matcher.wait(`${waId}|${answer}`, options.replyTimeoutMs);
      const t0 = Date.now();
      const p0 = performance.now();
      result.sent++;
      const status = await postSigned(webhookUrl, [{
        from: waId,
        id: `wamid.bench.${c}.${j}.${crypto.randomUUID()}`,
        text,
      }]);
      result.ackMs.push(performance.now() - p0);
      if (status !== 200) {
        matcher.cancel(`${waId}|${answer}`);
        continue;
      }
      result.acknowledged++;
      expect(`${waId}|${answer}`);
      if (j > 0) expect(`${waId}|${QUESTION}`);
      const at = await replied;
      if (at !== undefined) result.e2eMs.push(Math.max(0, at - t0));
      // The question that follows an order's status ends the turn: wait for it before typing on.
      if (j > 0) await matcher.waitCount(`${waId}|${QUESTION}`, j + 1, options.replyTimeoutMs);
    }
  }

  await Promise.all(Array.from({ length: options.contacts }, (_, c) => contact(c)));
  result.seconds = (performance.now() - started) / 1000;
  // Late replies and duplicates have a moment to show up before counting.
  await new Promise((r) => setTimeout(r, 1000));
  matcher.stop();
  Object.assign(result, countReplies(expected, matcher.counts));
  return result;
}

/**
 * Replies missing, replies sent more often than expected, and replies of
 * another text (e.g. the flow's answer when the shop timed out), by `to|text`.
 */
export function countReplies(
  expected: Map<string, number>,
  counts: Map<string, number>,
): { lost: number; duplicated: number; unexpected: number } {
  let lost = 0;
  let duplicated = 0;
  let unexpected = 0;
  for (const [key, want] of expected) {
    const got = counts.get(key) ?? 0;
    if (got < want) lost += want - got;
    if (got > want) duplicated += got - want;
  }
  for (const [key, got] of counts) if (!expected.has(key)) unexpected += got;
  return { lost, duplicated, unexpected };
}

/** Watches the fake Graph's `sent` list and resolves waiters by `to|text`. */
export function replyMatcher(graph: FakeGraph) {
  const counts = new Map<string, number>();
  const firstAt = new Map<string, number[]>();
  const waiters = new Map<string, { min: number; resolve: (at: number | undefined) => void }[]>();
  let seen = 0;
  const check = (key: string) => {
    const list = waiters.get(key);
    if (!list) return;
    const got = counts.get(key) ?? 0;
    const ready = list.filter((w) => w.min <= got);
    if (ready.length === 0) return;
    waiters.set(key, list.filter((w) => w.min > got));
    for (const w of ready) w.resolve(firstAt.get(key)?.[w.min - 1]);
  };
  const timer = setInterval(() => {
    for (; seen < graph.sent.length; seen++) {
      const m = graph.sent[seen];
      const text = (m.body.text as { body?: string } | undefined)?.body ?? "";
      const key = `${m.body.to ?? m.body.recipient}|${text}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      firstAt.set(key, [...firstAt.get(key) ?? [], m.at]);
      check(key);
    }
  }, 2);
  const waitCount = (key: string, min: number, timeoutMs: number) =>
    new Promise<number | undefined>((resolve) => {
      const timeout = setTimeout(() => resolve(undefined), timeoutMs);
      const entry = {
        min,
        resolve: (at: number | undefined) => {
          clearTimeout(timeout);
          resolve(at);
        },
      };
      waiters.set(key, [...waiters.get(key) ?? [], entry]);
      check(key);
    });
  return {
    counts,
    /** Resolves with the arrival time (epoch ms) of the next reply `key`, or undefined on timeout. */
    wait: (key: string, timeoutMs: number) => waitCount(key, (counts.get(key) ?? 0) + 1, timeoutMs),
    waitCount,
    cancel(key: string) {
      for (const w of waiters.get(key) ?? []) w.resolve(undefined);
      waiters.delete(key);
    },
    stop: () => clearInterval(timer),
  };
}
