import type { AttributeValues, TraceEntry } from "../engine/types.ts";
import { formatTime } from "./format.ts";
import { EmptyState } from "./layout.tsx";
import { Trace, Value } from "./trace.tsx";

/** A row of the contacts list. */
export interface ContactRow {
  id: number;
  name: string;
  waId: string | null;
  userId: string | null;
  updatedAt: number;
}

/** One transcript line, oldest first (as `transcript()` returns it). */
export interface TranscriptLine {
  direction: "in" | "out";
  type: string;
  text: string;
  at: number;
  status: string;
  error?: string | null;
  /** The inbound message this line is, or answers. */
  inboundId?: number;
  /** Labelled details of an inbound update (caption, media id, items, form fields, error …). */
  fields?: { label: string; value: string }[];
  /** A reaction, edit or deletion: the message it is about. */
  about?: { id: string; text?: string };
  /** Marks later updates left on this message. */
  reaction?: string;
  edited?: string;
  deleted?: boolean;
  groupId?: string;
}

/** One interpreter run: its trace and the attributes it set. */
export interface TurnView {
  id: number;
  inboundId: number | null;
  at: number;
  trace: TraceEntry[];
  changes: AttributeValues;
}

/** The contacts page: a search box over name, wa_id and user_id, and the list it filters. */
export function ContactsPage(props: { rows: ContactRow[]; search: string; next?: string }) {
  return (
    <>
      <h1>Contacts</h1>
      <form method="get" action="/contacts" class="inline contact-search" role="search">
        <input
          type="search"
          name="q"
          id="q"
          value={props.search}
          placeholder="Name, phone (wa_id) or user id"
          aria-label="Search contacts"
          hx-get="/contacts"
          hx-trigger="input changed delay:300ms, search"
          hx-target="#contact-list"
          hx-select="#contact-list"
          hx-swap="outerHTML"
          hx-push-url="true"
        />
        <button type="submit">Search</button>
      </form>
      <ContactList {...props} />
    </>
  );
}

/** The list alone: the fragment the search box swaps. */
export function ContactList(props: { rows: ContactRow[]; search: string; next?: string }) {
  if (props.rows.length === 0) {
    return (
      <div id="contact-list">
        <EmptyState title={props.search ? "No contact matches" : "No contacts yet"}>
          {props.search
            ? `Nothing matches “${props.search}”.`
            : "Contacts appear when someone messages a channel."}
        </EmptyState>
      </div>
    );
  }
  return (
    <div id="contact-list" class="card table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Phone (wa_id)</th>
            <th>User id</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`/contacts/${r.id}`}>{r.name || "(no name)"}</a>
              </td>
              <td class="mono">{r.waId ?? "—"}</td>
              <td class="mono">{r.userId ?? "—"}</td>
              <td>{formatTime(r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next && (
        <p>
          <a href={props.next}>Older contacts →</a>
        </p>
      )}
    </div>
  );
}

/** A conversation: the transcript with each turn's trace, and the contact's attributes now. */
export function ConversationPage(
  props: {
    contact: ContactRow;
    attributes: AttributeValues;
    /** Declared attributes this contact has no value for yet. */
    unset?: string[];
    lines: TranscriptLine[];
    turns: TurnView[];
  },
) {
  const c = props.contact;
  return (
    <>
      <p>
        <a href="/contacts">← Contacts</a>
      </p>
      <h1>{c.name || c.waId || c.userId || `Contact ${c.id}`}</h1>
      <div class="conversation-layout">
        <section class="card transcript" aria-label="Transcript">
          {props.lines.length === 0 && <p class="muted">No messages yet.</p>}
          {timeline(props.lines, props.turns).map((item, i) =>
            "direction" in item ? <Bubble key={i} line={item} /> : <TurnDetails key={i} turn={item} />
          )}
        </section>
        <aside class="card contact-attributes">
          <h2>Attributes</h2>
          <dl class="facts">
            <dt>wa_id</dt>
            <dd class="mono">{c.waId ?? "—"}</dd>
            <dt>user_id</dt>
            <dd class="mono">{c.userId ?? "—"}</dd>
            {Object.entries(props.attributes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>
                  <Value value={v} />
                </dd>
              </>
            ))}
            {(props.unset ?? []).map((k) => (
              <>
                <dt>{k}</dt>
                <dd>
                  <Value value={undefined} />
                </dd>
              </>
            ))}
          </dl>
        </aside>
      </div>
    </>
  );
}

/**
 * Each turn goes right after the inbound message it ran for; turns whose
 * message is older than the transcript shown come first.
 */
function timeline(lines: TranscriptLine[], turns: TurnView[]): (TranscriptLine | TurnView)[] {
  const shown = new Set(lines.filter((l) => l.direction === "in").map((l) => l.inboundId));
  const byInbound = new Map<number, TurnView[]>();
  const out: (TranscriptLine | TurnView)[] = [];
  for (const turn of [...turns].sort((a, b) => a.at - b.at || a.id - b.id)) {
    if (turn.inboundId === null || !shown.has(turn.inboundId)) out.push(turn);
    else byInbound.set(turn.inboundId, [...byInbound.get(turn.inboundId) ?? [], turn]);
  }
  for (const line of lines) {
    out.push(line);
    if (line.direction === "in" && line.inboundId !== undefined) {
      out.push(...byInbound.get(line.inboundId) ?? []);
    }
  }
  return out;
}

// Pending is a clock drawn in SVG: an emoji shows as a box where no emoji font is installed.
const PENDING = "pending";

const TICKS: Record<string, [string, string]> = {
  queued: [PENDING, "queued"],
  sending: [PENDING, "sending"],
  sent: ["✓", "sent"],
  delivered: ["✓✓", "delivered"],
  read: ["✓✓", "read"],
  failed: ["✕", "failed"],
};

function Bubble(props: { line: TranscriptLine }) {
  const l = props.line;
  const tick = l.direction === "out" ? TICKS[l.status] : undefined;
  const fields = (l.fields ?? []).filter((f) => !(l.type === "reaction" && f.label === "emoji"));
  return (
    <div class={`bubble ${l.direction} status-${l.status} kind-${l.type}`}>
      <div class="bubble-text">
        {l.about ? <AboutText line={l} /> : l.text || <span class="muted">[{l.type}]</span>}
      </div>
      {fields.length > 0 && (
        <dl class="facts bubble-fields">
          {fields.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd class={f.label === "error" ? "bubble-error" : undefined}>{f.value}</dd>
            </>
          ))}
        </dl>
      )}
      {(l.reaction || l.edited !== undefined || l.deleted) && (
        <div class="bubble-marks">
          {l.reaction && <span class="badge reaction" title="The contact's reaction">{l.reaction}</span>}
          {l.edited !== undefined && (
            <span class="badge edited">edited{l.edited ? `: ${l.edited}` : ""}</span>
          )}
          {l.deleted && <span class="badge bad deleted">deleted by the contact</span>}
        </div>
      )}
      <div class="bubble-meta">
        <time>{formatTime(l.at)}</time>
        {l.status === "recorded" && (
          <span class="muted recorded" title="Recorded only: the flow did not run and nothing was answered">
            not answered
          </span>
        )}
        {tick && <Tick status={l.status} />}
      </div>
      {(l.status === "failed" || l.status === "rate_limited") && l.error && (
        <div class="bubble-error">{l.error}</div>
      )}
    </div>
  );
}

/** A reaction, edit or deletion, said in words with the message it is about. */
function AboutText(props: { line: TranscriptLine }) {
  const l = props.line;
  const target = l.about?.text ? `“${l.about.text}”` : "a message not shown here";
  const emoji = l.fields?.find((f) => f.label === "emoji")?.value;
  if (l.type === "reaction") {
    return emoji ? <>Reacted {emoji} to {target}</> : <>Removed a reaction from {target}</>;
  }
  if (l.type === "edit") {
    const text = l.fields?.find((f) => f.label === "new text")?.value;
    return <>Edited {target}{text ? <>: now “{text}”</> : null}</>;
  }
  if (l.type === "revoke") return <>Deleted {target}</>;
  return <>{l.text}</>;
}

function TurnDetails(props: { turn: TurnView }) {
  const changes = Object.entries(props.turn.changes);
  return (
    <details class="turn">
      <summary>
        Turn at {formatTime(props.turn.at)}
        {changes.length > 0 && ` · set ${changes.map(([k]) => k).join(", ")}`}
      </summary>
      <Trace trace={props.turn.trace} compact />
      {changes.length > 0 && (
        <dl class="facts turn-changes">
          {changes.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>
                <Value value={v} />
              </dd>
            </>
          ))}
        </dl>
      )}
    </details>
  );
}

/** The delivery mark of a reply: a clock until sent, then ✓, ✓✓ or ✕. */
export function Tick(props: { status: string }) {
  const tick = TICKS[props.status];
  if (!tick) return null;
  return (
    <span class={`tick ${props.status}`} title={tick[1]} aria-label={tick[1]} role="img">
      {tick[0] === PENDING ? <ClockIcon /> : tick[0]}
    </span>
  );
}

/** A small clock for replies not sent yet. */
function ClockIcon() {
  return (
    <svg class="clock" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      <path
        d="M8 4.5V8l2.5 1.5"
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        stroke-linecap="round"
      />
    </svg>
  );
}
