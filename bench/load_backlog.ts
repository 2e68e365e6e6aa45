/**
 * The backlog load: `messages` messages over `contacts` contacts stored
 * while the fake Graph API is down (503 for every send), then the Graph API
 * comes back and the time to drain is measured. The inbound side is watched
 * in the database itself (pending messages left), since that is what the
 * claim's cost decides; the replies drain later, after each contact's retry
 * backoff (up to 60 s by design) comes due.
 */
import Database from "libsql";
import type { FakeGraph } from "../tests/fake_graph.ts";
import { countReplies, messageOf, postSigned, QUESTION, replyMatcher, waIdOf } from "./whatsapp_load.ts";

export interface BacklogOptions {
  messages: number;
  contacts: number;
  /** The server's database file, read (never written) to see the inbound backlog drain. */
  dbPath?: string;
  maxDrainSeconds: number;
}

export interface BacklogResult {
  messages: number;
  acknowledged: number;
  /** Seconds to post and store every message (Graph down). */
  storeSeconds: number;
  /** Inbound messages still pending when the last one was stored. */
  pendingAtEnd: number;
  /** Seconds after the last store until no inbound message was pending. */
  inboundDrainSeconds: number;
  /** Seconds after the Graph API came back until every reply arrived. */
  replyDrainSeconds: number;
  expectedReplies: number;
  lost: number;
  duplicated: number;
  unexpected?: number;
}

/** Messages per webhook POST while filling the backlog (one per contact in each, so order holds). */
const PER_POST = 50;
const POSTS_AT_ONCE = 8;
const DOWN = { status: 503, body: { error: { code: 2, message: "Service temporarily unavailable" } } };

export async function runBacklog(
  webhookUrl: string,
  graph: FakeGraph,
  options: BacklogOptions,
): Promise<BacklogResult> {
  const contacts = Math.min(options.contacts, options.messages);
  const rounds = Math.ceil(options.messages / contacts);
  for (let c = 0; c < contacts; c++) graph.failFor(waIdOf(c), DOWN);
  const matcher = replyMatcher(graph);
  const expected = new Map<string, number>();
  let acknowledged = 0;
  let expectedReplies = 0;
  const expect = (key: string) => {
    expected.set(key, (expected.get(key) ?? 0) + 1);
    expectedReplies++;
  };
  const stamp = Date.now();
  const started = performance.now();
  let sent = 0;
  for (let j = 0; j < rounds && sent < options.messages; j++) {
    const round = Array.from({ length: Math.min(contacts, options.messages - sent) }, (_, c) => c);
    sent += round.length;
    const posts: number[][] = [];
    for (let i = 0; i < round.length; i += PER_POST) posts.push(round.slice(i, i + PER_POST));
    for (let i = 0; i < posts.length; i += POSTS_AT_ONCE) {
      await Promise.all(
        posts.slice(i, i + POSTS_AT_ONCE).map(async (part) => {
          const status = await postSigned(
            webhookUrl,
            part.map((c) => ({
              from: waIdOf(c),
              id: `wamid.backlog.${c}.${j}.${stamp}`,
              text: messageOf(c, j).text,
            })),
          );
          if (status !== 200) return;
          acknowledged += part.length;
          for (const c of part) {
            expect(`${waIdOf(c)}|${messageOf(c, j).answer}`);
            if (j > 0) expect(`${waIdOf(c)}|${QUESTION}`);
          }
        }),
      );
    }
  }
  const storeSeconds = (performance.now() - started) / 1000;
  const stored = performance.now();
  const db = options.dbPath ? new Database(options.dbPath, { readonly: true }) : undefined;
  const pending = () =>
    db
      ? Number(
        (db.prepare("SELECT count(*) AS n FROM inbound WHERE status = 'pending'").get([]) as { n: number }).n,
      )
      : 0;
  const pendingAtEnd = pending();
  for (let c = 0; c < contacts; c++) graph.failFor(waIdOf(c), null);
  const back = performance.now();
  const deadline = back + options.maxDrainSeconds * 1000;
  let inboundDrainSeconds = NaN;
  const received = () => {
    let n = 0;
    for (const [key, want] of expected) n += Math.min(want, matcher.counts.get(key) ?? 0);
    return n;
  };
  while (performance.now() < deadline) {
    if (Number.isNaN(inboundDrainSeconds) && pending() === 0) {
      inboundDrainSeconds = (performance.now() - stored) / 1000;
    }
    if (!Number.isNaN(inboundDrainSeconds) && received() >= expectedReplies) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const replyDrainSeconds = (performance.now() - back) / 1000;
  db?.close();
  await new Promise((r) => setTimeout(r, 1000));
  matcher.stop();
  return {
    messages: sent,
    acknowledged,
    storeSeconds,
    pendingAtEnd,
    inboundDrainSeconds,
    replyDrainSeconds,
    expectedReplies,
    ...countReplies(expected, matcher.counts),
  };
}
