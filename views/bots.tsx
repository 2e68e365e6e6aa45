import type { Bot } from "../db/bots.ts";
import type { DocumentError } from "../engine/bot_document.ts";
import { formatTime } from "./format.ts";
import { Csrf, EmptyState, Field } from "./layout.tsx";

/** The bots list: each bot with its links, a create form and an upload form. */
export function BotsPage(
  props: {
    csrf: string;
    bots: Bot[];
    name?: string;
    nameError?: string;
    uploadErrors?: DocumentError[];
    notice?: string;
  },
) {
  return (
    <>
      <h1>Bots</h1>
      <p class="lead">
        A bot is a chat flow. Edit its draft in the flow editor, try it in the simulator, then publish: new
        conversations use the published version, running ones finish on theirs.
      </p>
      {props.notice && <div class="alert success" role="status">{props.notice}</div>}
      {props.bots.length === 0
        ? (
          <EmptyState title="No bots yet">
            <p>
              <a href="#new-bot">Create a bot</a> and build its flow step by step, or{" "}
              <a href="#upload-bot">upload a bot document</a> (a chatwire.bot/v1 JSON file).
            </p>
          </EmptyState>
        )
        : <BotsTable csrf={props.csrf} bots={props.bots} />}
      <div class="grid2">
        <section class="card" id="new-bot">
          <h2>New bot</h2>
          <form method="post" action="/bots" class="stack">
            <Csrf token={props.csrf} />
            <Field label="Name" name="name" error={props.nameError} help="You can rename it later.">
              <input id="name" name="name" value={props.name ?? ""} required maxLength={100} />
            </Field>
            <div>
              <button type="submit" class="primary">Create bot</button>
            </div>
          </form>
        </section>
        <section class="card" id="upload-bot">
          <h2>Upload a bot document</h2>
          <form method="post" action="/bots/import" enctype="multipart/form-data" class="stack">
            <Csrf token={props.csrf} />
            <Field
              label="Bot document"
              name="document"
              help='A chatwire.bot/v1 file. Its attributes and APIs are created or updated by name; "********" keeps a stored secret.'
            >
              <input id="document" name="document" type="file" accept="application/json,.json" required />
            </Field>
            <div>
              <button type="submit">Upload bot</button>
            </div>
          </form>
          {props.uploadErrors && <DocumentErrors errors={props.uploadErrors} title="Nothing was imported" />}
        </section>
      </div>
    </>
  );
}

function BotsTable(props: { csrf: string; bots: Bot[] }) {
  return (
    <div class="table-wrap card">
      <table class="table bots-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Published</th>
            <th>Updated</th>
            <th>Open</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.bots.map((b) => (
            <tr id={`bot-${b.id}`}>
              <td>
                <a href={`/bots/${b.id}/flow`}>
                  <strong>{b.name}</strong>
                </a>
                <details class="rename">
                  <summary>Rename</summary>
                  <form method="post" action={`/bots/${b.id}/rename`} class="row">
                    <Csrf token={props.csrf} />
                    <input name="name" value={b.name} aria-label="New name" required maxLength={100} />
                    <button type="submit" class="small">Save</button>
                  </form>
                </details>
              </td>
              <td>
                {b.publishedVersion === null
                  ? <span class="badge">draft only</span>
                  : <span class="badge ok">v{b.publishedVersion}</span>}
              </td>
              <td>{formatTime(b.updatedAt)}</td>
              <td class="bot-links">
                <a href={`/bots/${b.id}/flow`}>Flow</a> · <a href={`/bots/${b.id}/simulator`}>Simulator</a> ·
                {" "}
                <a href={`/bots/${b.id}/versions`}>Versions</a> ·{" "}
                <a href={`/bots/${b.id}/download`}>Download JSON</a>
              </td>
              <td class="actions">
                <button
                  type="button"
                  class="small danger"
                  hx-post={`/bots/${b.id}/delete`}
                  hx-confirm={`Delete the bot "${b.name}" with its versions and conversations?`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A bot's name and its tabs: Flow, Simulator, Versions. */
export function BotHeader(props: { bot: Bot; active: "flow" | "simulator" | "versions" | "insights" }) {
  const b = props.bot;
  const tab = (id: typeof props.active, label: string) => (
    <a href={`/bots/${b.id}/${id}`} aria-current={props.active === id ? "page" : undefined}>{label}</a>
  );
  return (
    <>
      <p class="muted crumbs">
        <a href="/bots">Bots</a> /
      </p>
      <div class="spread">
        <h1>{b.name}</h1>
        <span id="bot-status" class={b.publishedVersion === null ? "badge" : "badge ok"}>
          {b.publishedVersion === null ? "not published" : `published v${b.publishedVersion}`}
        </span>
      </div>
      <nav class="tabs">
        {tab("flow", "Flow")}
        {tab("simulator", "Simulator")}
        {tab("versions", "Versions")}
        {tab("insights", "Insights")}
      </nav>
    </>
  );
}

/** Problems of a document or a flow, each with its path. */
export function DocumentErrors(props: { errors: DocumentError[]; title: string }) {
  return (
    <div class="alert error document-errors" role="alert">
      <p>
        <strong>{props.title}</strong> ({props.errors.length} problem{props.errors.length === 1 ? "" : "s"}):
      </p>
      <ul>
        {props.errors.map((e) => (
          <li>
            <code>{e.path || "(document)"}</code> {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
