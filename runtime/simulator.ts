/**
 * One simulated message: the same turn as WhatsApp (engine/turn.ts), real
 * API calls logged as "simulator" unless mocked (runtime/simulator_mocks.ts),
 * the state stored like a contact's. The
 * chat transcript is kept in memory per admin and bot: enough for page
 * reloads; a server restart keeps the conversation but not the bubbles.
 */
import { resetSimulator, simulatorContact, simulatorKey } from "../db/bot_simulator.ts";
import { type Bot, loadRunnableFlow } from "../db/bots.ts";
import { getContact } from "../db/contacts.ts";
import { getConversation } from "../db/conversations.ts";
import { saveTurn } from "../db/turns.ts";
import { playTurn, turnVersion } from "../engine/turn.ts";
import type { Conversation, OutMessage, TraceEntry } from "../engine/types.ts";
import { flowCaller } from "./api_call.ts";
import { mockedResult, type SimMock } from "./simulator_mocks.ts";
import type { AppDeps } from "../deps.ts";

/** A bubble of the simulated chat. */
export type SimMessage =
  | { from: "user"; text: string; at: number }
  | { from: "bot"; message: OutMessage; at: number };

/** One turn as the side panel shows it. */
export interface SimTurn {
  n: number;
  input: string;
  version: number;
  trace: TraceEntry[];
  /** The APIs whose calls this turn were mocked. */
  mocked: string[];
  durationMs: number;
  at: number;
}

/** An admin's simulator for one bot: the version tried, the bubbles and the traces. */
export interface SimSession {
  version: number;
  messages: SimMessage[];
  turns: SimTurn[];
  conversation?: Conversation;
  /** The mock chosen per API name (absent: live). */
  mocks: Record<string, SimMock>;
}

const KEEP = 200;
const sessions = new Map<string, SimSession>();

/** The session of an admin with a bot, with the stored conversation. */
export async function simSession(deps: AppDeps, bot: Bot, user: { id: number; email: string }) {
  const key = simulatorKey(bot.id, user.id);
  const contactId = await simulatorContact(deps.db, key, user.email);
  let session = sessions.get(key);
  if (!session) {
    session = { version: bot.publishedVersion ?? 0, messages: [], turns: [], mocks: {} };
    sessions.set(key, session);
  }
  session.conversation = await getConversation(deps.db, contactId, bot.id);
  return { key, contactId, session };
}

/** Sends one message as the simulated contact and records the replies and the trace. */
export async function simulate(
  deps: AppDeps,
  bot: Bot,
  user: { id: number; email: string },
  input: { text: string; replyId?: string },
): Promise<SimSession> {
  const { contactId, session } = await simSession(deps, bot, user);
  const at = Date.now();
  const stored = session.conversation;
  const version = turnVersion(stored, session.version, at, bot.sessionTimeoutMs);
  const flow = await loadRunnableFlow(deps, bot.id, version === 0 ? "draft" : version);
  push(session.messages, { from: "user", text: input.text, at });
  if (!flow) {
    const message = `Cannot run version ${version}: it does not exist`;
    push(session.turns, turn(session, input.text, version, [{ type: "error", message }], 0, at));
    return session;
  }
  const contact = await getContact(deps.db, contactId);
  const live = flowCaller(deps, flow, { source: "simulator", botId: bot.id, contactId });
  const mocked = new Set<string>();
  const started = performance.now();
  const result = await playTurn(flow, { stored, contactAttributes: contact?.attributes ?? {} }, {
    type: "message",
    text: input.text,
    replyId: input.replyId,
    kind: input.replyId ? "interactive" : "text",
    at,
    profileName: user.email,
    phone: "simulator",
  }, {
    callApi: (api, values) => {
      const mock = session.mocks[api.name] ?? "live";
      if (mock === "live") return live(api, values);
      mocked.add(api.name);
      return mockedResult(deps, flow, api, mock);
    },
  });
  const durationMs = Math.round(performance.now() - started);
  for (const message of result.sends) push(session.messages, { from: "bot", message, at: Date.now() });
  push(session.turns, {
    ...turn(session, input.text, result.conversation.version, result.trace, durationMs, at),
    mocked: [...mocked],
  });
  session.conversation = result.conversation;
  await saveTurn(deps.db, {
    contactId,
    botId: bot.id,
    conversation: result.conversation,
    attributes: result.attributes,
    trace: result.trace,
    changes: result.changes,
    at,
  });
  return session;
}

/** Chooses what `api` answers in this admin's simulator from now on. */
export async function setMock(
  deps: AppDeps,
  bot: Bot,
  user: { id: number; email: string },
  api: string,
  mock: SimMock,
): Promise<SimSession> {
  const { session } = await simSession(deps, bot, user);
  if (mock === "live") delete session.mocks[api];
  else session.mocks[api] = mock;
  return session;
}

/** Starts over, on `version` (0 for the draft) when given. */
export async function restart(
  deps: AppDeps,
  bot: Bot,
  user: { id: number; email: string },
  version?: number,
): Promise<SimSession> {
  const { contactId, session } = await simSession(deps, bot, user);
  await resetSimulator(deps.db, contactId, bot.id);
  if (version !== undefined) session.version = version;
  session.messages = [];
  session.turns = [];
  session.conversation = undefined;
  return session;
}

function turn(
  session: SimSession,
  input: string,
  version: number,
  trace: TraceEntry[],
  durationMs: number,
  at: number,
): SimTurn {
  return { n: (session.turns.at(-1)?.n ?? 0) + 1, input, version, trace, mocked: [], durationMs, at };
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}
