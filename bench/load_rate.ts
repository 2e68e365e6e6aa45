/**
 * The steady-rate load: an open loop sending `rate` messages a second for
 * `seconds`, spread evenly over time and over the contacts (message k goes
 * out at start + k/rate from contact k mod contacts, whatever came back
 * before), as a fleet of people typing at their own pace. Latencies count
 * from the scheduled moment, so a load generator that falls behind does not
 * hide the server's queueing (coordinated omission).
 */
import type { FakeGraph } from "../tests/fake_graph.ts";
import { countReplies, messageOf, postSigned, QUESTION, replyMatcher, waIdOf } from "./whatsapp_load.ts";

export interface RateOptions {
  rate: number;
  seconds: number;
  contacts: number;
  replyTimeoutMs: number;
}

export interface RateResult {
  sent: number;
  acknowledged: number;
  seconds: number;
  ackMs: number[];
  e2eMs: number[];
  /** How far behind its schedule the generator sent, at worst. */
  maxLagMs: number;
  expectedReplies: number;
  lost: number;
  duplicated: number;
  unexpected?: number;
}

/** Runs the open loop against `webhookUrl`; resolves once every reply came or timed out. */
export async function runRate(
  webhookUrl: string,
  graph: FakeGraph,
  options: RateOptions,
): Promise<RateResult> {
  const matcher = replyMatcher(graph);
  const total = Math.round(options.rate * options.seconds);
  const result: RateResult = {
    sent: 0,
    acknowledged: 0,
    seconds: 0,
    ackMs: [],
    e2eMs: [],
    maxLagMs: 0,
    expectedReplies: 0,
    lost: 0,
    duplicated: 0,
  };
  const expected = new Map<string, number>();
  const expect = (key: string) => {
    expected.set(key, (expected.get(key) ?? 0) + 1);
    result.expectedReplies++;
  };
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const startedAt = Date.now();

  const one = async (k: number, dueAt: number) => {
    const c = k % options.contacts;
    const j = Math.floor(k / options.contacts);
    const waId = waIdOf(c);
    const { text, answer } = messageOf(c, j);
    // The question follows every answer: the (j+1)-th question ends message j's turn.
    const done = j === 0
      ? matcher.waitCount(`${waId}|${QUESTION}`, 1, options.replyTimeoutMs)
      : matcher.wait(`${waId}|${answer}`, options.replyTimeoutMs);
    result.sent++;
    const status = await postSigned(webhookUrl, [{
      from: waId,
      id: `wamid.rate.${c}.${j}.${startedAt}`,
      text,
    }]);
    result.ackMs.push(Date.now() - dueAt);
    if (status !== 200) {
      matcher.cancel(`${waId}|${answer}`);
      return;
    }
    result.acknowledged++;
    expect(`${waId}|${answer}`);
    if (j > 0) expect(`${waId}|${QUESTION}`);
    const at = await done;
    if (at !== undefined) result.e2eMs.push(Math.max(0, at - dueAt));
  };

  for (let k = 0; k < total; k++) {
    const dueAt = startedAt + (k * 1000) / options.rate;
    const wait = dueAt - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    result.maxLagMs = Math.max(result.maxLagMs, Date.now() - dueAt);
    inFlight.push(one(k, dueAt));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  matcher.stop();
  Object.assign(result, countReplies(expected, matcher.counts));
  return result;
}
