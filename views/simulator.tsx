import type { Bot } from "../db/bots.ts";
import type { OutMessage } from "../engine/types.ts";
import type { SimMessage, SimSession, SimTurn } from "../runtime/simulator.ts";
import type { MockChoice } from "../runtime/simulator_mocks.ts";
import { BotHeader } from "./bots.tsx";
import { Trace, Value } from "./trace.tsx";

/** The simulator page: a WhatsApp-like chat beside the attributes and the trace of each turn. */
export function SimulatorPage(props: SimulatorProps) {
  return (
    <>
      <BotHeader bot={props.bot} active="simulator" />
      <p class="lead">
        Chat with the bot as a contact would. It runs through the same interpreter as WhatsApp and calls the
        APIs for real (logged as "simulator") unless you mock them below; nothing is sent to WhatsApp.
      </p>
      <Simulator {...props} />
    </>
  );
}

interface SimulatorProps {
  bot: Bot;
  session: SimSession;
  versions: number[];
  mocks: MockChoice[];
}

/** The part every message, restart or version change swaps. */
export function Simulator(props: SimulatorProps) {
  const { bot, session } = props;
  const base = `/bots/${bot.id}/simulator`;
  const swap = { "hx-target": "#simulator", "hx-swap": "outerHTML" };
  return (
    <section id="simulator" class="simulator">
      <div class="sim-phone">
        <div class="sim-head">
          <div>
            <strong>{bot.name}</strong>
            <div class="sim-sub">{session.version === 0 ? "draft" : `version ${session.version}`}</div>
          </div>
          <div class="row">
            <select
              name="version"
              aria-label="Version to run"
              hx-post={`${base}/restart`}
              hx-trigger="change"
              {...swap}
            >
              <option value="draft" selected={session.version === 0}>Draft</option>
              {props.versions.map((v) => (
                <option value={String(v)} selected={session.version === v}>
                  v{v}
                  {v === bot.publishedVersion ? " (live)" : ""}
                </option>
              ))}
            </select>
            <button type="button" class="small sim-restart" hx-post={`${base}/restart`} {...swap}>
              Restart
            </button>
          </div>
        </div>
        <div class="sim-chat" id="sim-chat" aria-live="polite">
          <div class="sim-messages">
            {session.messages.length === 0 && (
              <p class="sim-hint">Say something to start the conversation, e.g. "hi".</p>
            )}
            {session.messages.map((m, i) => <Bubble key={i} m={m} base={base} />)}
          </div>
        </div>
        <form class="sim-input" hx-post={`${base}/send`} {...swap}>
          <input name="text" placeholder="Type a message" autocomplete="off" aria-label="Message" autofocus />
          <button type="submit" class="primary">Send</button>
        </form>
      </div>
      <aside class="sim-panel">
        <Mocks mocks={props.mocks} base={base} />
        <State session={session} />
        <h2>Turns</h2>
        {session.turns.length === 0
          ? (
            <p class="muted">
              Each message you send shows here: the nodes run, API calls, mappings and routes.
            </p>
          )
          : [...session.turns].reverse().map((t, i) => <TurnTrace key={t.n} turn={t} open={i === 0} />)}
      </aside>
    </section>
  );
}

function Bubble(props: { m: SimMessage; base: string }) {
  const m = props.m;
  const time = new Date(m.at).toISOString().slice(11, 16);
  if (m.from === "user") {
    return (
      <div class="bubble out">
        <p>{m.text}</p>
        <span class="time">{time}</span>
      </div>
    );
  }
  return (
    <div class="bubble in">
      <p>{m.message.text}</p>
      <span class="time">{time}</span>
      <Replies message={m.message} base={props.base} />
    </div>
  );
}

function Replies(props: { message: OutMessage; base: string }) {
  const msg = props.message;
  if (msg.type === "text") return null;
  const reply = (id: string, title: string, description?: string) => (
    <button
      type="button"
      class="sim-reply"
      hx-post={`${props.base}/send`}
      hx-vals={JSON.stringify({ text: title, replyId: id })}
      hx-target="#simulator"
      hx-swap="outerHTML"
    >
      {title}
      {description && <span class="sim-desc">{description}</span>}
    </button>
  );
  if (msg.type === "buttons") {
    return <div class="sim-buttons">{msg.buttons.map((b) => reply(b.id, b.title))}</div>;
  }
  return (
    <div class="sim-list">
      <div class="sim-list-head">☰ {msg.button}</div>
      {msg.rows.map((r) => reply(r.id, r.title, r.description))}
    </div>
  );
}

/** Per API the flow calls: what it answers here (Live, a saved sample, a timeout, a network error). */
function Mocks(props: { mocks: MockChoice[]; base: string }) {
  if (props.mocks.length === 0) return null;
  return (
    <section class="sim-mocks">
      <h2>API responses</h2>
      <p class="muted">
        Mock an API to walk every route without calling it: the API node gets the response you pick, and the
        trace says "mocked". Save samples on an API's Test tab.
      </p>
      {props.mocks.map((m, i) => (
        <div class="field sim-mock">
          <label for={`mock-${i}`}>{m.api}</label>
          <select
            id={`mock-${i}`}
            name="mock"
            data-api={m.api}
            hx-post={`${props.base}/mock`}
            hx-vals={JSON.stringify({ api: m.api })}
            hx-trigger="change"
            hx-target="#simulator"
            hx-swap="outerHTML"
          >
            <option value="live" selected={m.chosen === "live"}>Live: call the API</option>
            {m.samples.map((status) => (
              <option value={String(status)} selected={m.chosen === String(status)}>
                Saved {status} sample
              </option>
            ))}
            <option value="timeout" selected={m.chosen === "timeout"}>Timeout</option>
            <option value="network" selected={m.chosen === "network"}>Network error</option>
          </select>
        </div>
      ))}
    </section>
  );
}

function State(props: { session: SimSession }) {
  const c = props.session.conversation;
  const entries = Object.entries(c?.attributes ?? {}).sort(([a], [b]) =>
    (a.startsWith("sys.") ? 1 : 0) - (b.startsWith("sys.") ? 1 : 0) || a.localeCompare(b)
  );
  return (
    <section class="sim-state">
      <h2>Contact</h2>
      <p class="muted sim-status">
        {!c ? "No conversation yet." : c.status === "waiting"
          ? (
            <>
              Waiting for an answer at <code>{c.nodeId}</code> (v{c.version || " draft"})
            </>
          )
          : c.status === "running"
          ? (
            <>
              Stopped during <code>{c.nodeId}</code>
            </>
          )
          : "Ended: the next message starts again at the start node."}
      </p>
      {entries.length > 0 && (
        <table class="table sim-attributes">
          <thead>
            <tr>
              <th>Attribute</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, value]) => (
              <tr data-attribute={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td>
                  <Value value={value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TurnTrace(props: { turn: SimTurn; open: boolean }) {
  const t = props.turn;
  const routes = t.trace.flatMap((e) =>
    e.type === "route" ? [`${e.nodeId}: ${e.route} → ${e.next ?? "end"}`] : []
  );
  return (
    <details class="sim-turn" open={props.open}>
      <summary>
        <strong>Turn {t.n}</strong> “{t.input}”{" "}
        <span class="muted">· {t.version === 0 ? "draft" : `v${t.version}`} · {t.durationMs} ms</span>
        {routes.length > 0 && <div class="sim-routes">{routes.join("; ")}</div>}
      </summary>
      <Trace trace={t.trace} compact mocked={t.mocked} />
    </details>
  );
}
