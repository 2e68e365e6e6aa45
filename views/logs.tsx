import type { ApiCallRow, StatusClass } from "../db/api_calls.ts";
import { STATUS_CLASSES } from "../db/api_calls.ts";
import { StatusBadge } from "./apis_list.tsx";
import { formatSize } from "./apis_run.tsx";
import { formatTime } from "./format.ts";

/** Developers → Logs: every API call, test or live, newest first, with filters. */
export function LogsPage(
  props: {
    calls: ApiCallRow[];
    apiNames: string[];
    filter: { api?: string; status?: StatusClass };
    retentionDays: string;
  },
) {
  return (
    <>
      <h1>API call logs</h1>
      <p class="lead">
        Every call to your APIs: tests from the API pages, the simulator and live conversations. Secrets are
        never logged. Entries older than <strong>{props.retentionDays} days</strong>{" "}
        are deleted automatically (<a href="/settings">change in Settings</a>).
      </p>
      <form
        method="get"
        action="/logs"
        class="inline card log-filter"
        hx-get="/logs"
        hx-trigger="change"
        hx-target="#log-table"
        hx-select="#log-table"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        <div class="field">
          <label for="api">API</label>
          <select id="api" name="api">
            <option value="">All APIs</option>
            {props.apiNames.map((n) => (
              <option key={n} value={n} selected={props.filter.api === n}>{n}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any status</option>
            {STATUS_CLASSES.map((s) => (
              <option value={s} selected={props.filter.status === s}>
                {s === "0xx" ? "No response" : s}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <button type="submit">Filter</button>
        </noscript>
      </form>
      <LogTable calls={props.calls} />
    </>
  );
}

/** The table of calls (the htmx swap target of the filter). */
export function LogTable(props: { calls: ApiCallRow[] }) {
  if (props.calls.length === 0) {
    return (
      <div id="log-table" class="empty">
        <h2>No API calls yet</h2>
        <p>Test an API under Your APIs, or run a flow that calls one.</p>
      </div>
    );
  }
  return (
    <section id="log-table" class="card table-wrap">
      <table class="table log-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>API</th>
            <th>Request</th>
            <th>Status</th>
            <th>Duration</th>
            <th>Size</th>
            <th>Response</th>
          </tr>
        </thead>
        <tbody>
          {props.calls.map((call) => (
            <tr>
              <td class="nowrap">
                {formatTime(call.at)}
                <div class="help">{call.source}</div>
              </td>
              <td>{call.apiName}</td>
              <td class="mono url-cell">
                {call.method} {call.url}
              </td>
              <td>
                <StatusBadge status={call.status} />
                {call.error && <div class="help">{call.error}</div>}
              </td>
              <td class="nowrap">{call.durationMs} ms</td>
              <td class="nowrap">{formatSize(call.size)}</td>
              <td>
                {call.excerpt
                  ? (
                    <details>
                      <summary class="mono excerpt">{call.excerpt.slice(0, 60)}</summary>
                      <pre class="raw-body">{pretty(call.excerpt)}</pre>
                    </details>
                  )
                  : <span class="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A JSON excerpt indented for reading; anything else (or JSON cut short) as it was stored. */
function pretty(excerpt: string): string {
  try {
    return JSON.stringify(JSON.parse(excerpt), null, 2);
  } catch {
    return excerpt;
  }
}
