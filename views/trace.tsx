import type { AttributeValue, TraceEntry } from "../engine/types.ts";

/** The badge class for an HTTP status: `s2xx` … `s5xx`, `s0xx` when no response came. */
export function statusClass(status: number): string {
  return status === 0 ? "s0xx" : `s${Math.floor(status / 100)}xx`;
}

/**
 * One interpreter run as a list an admin can follow: the nodes visited, each
 * API call with its status and time, the mappings that matched or not, the
 * route taken and the attributes set. Shared by the conversation page and the
 * simulator.
 */
export function Trace(props: { trace: TraceEntry[]; compact?: boolean; mocked?: string[] }) {
  if (props.trace.length === 0) return <p class="muted trace-empty">Nothing ran.</p>;
  return (
    <ol class={props.compact ? "trace compact" : "trace"}>
      {props.trace.map((entry, i) => <TraceLine key={i} entry={entry} mocked={props.mocked} />)}
    </ol>
  );
}

function TraceLine(props: { entry: TraceEntry; mocked?: string[] }) {
  const e = props.entry;
  switch (e.type) {
    case "node":
      return (
        <li class="trace-node">
          <span class="trace-kind">{e.nodeType}</span> <code>{e.nodeId}</code>
        </li>
      );
    case "api":
      return (
        <li class="trace-api">
          <span class="trace-kind">API</span> <strong>{e.api}</strong>{" "}
          <span class={`badge ${statusClass(e.status)}`}>{e.status === 0 ? "no response" : e.status}</span>
          {" "}
          {props.mocked?.includes(e.api) && <span class="badge mocked">mocked</span>}{" "}
          <span class="muted">{e.durationMs} ms</span>
          <div class="trace-request mono">{`${e.request.method} ${e.request.url}`}</div>
          {e.error && <div class="trace-error">{e.error}</div>}
        </li>
      );
    case "mapping":
      return (
        <li class={e.matched ? "trace-mapping" : "trace-mapping unmatched"}>
          <span class="trace-kind">map</span> <code>{e.path}</code> → <code>{e.attribute}</code> {e.matched
            ? (
              <>
                = <Value value={e.value} />
              </>
            )
            : e.cleared
            ? (
              <span class="muted">
                (no match: cleared{e.value === "" ? "" : (
                  <>
                    {" to "}
                    <Value value={e.value} />
                  </>
                )})
              </span>
            )
            : <span class="muted">(no match: kept)</span>}
        </li>
      );
    case "route":
      return (
        <li class="trace-route">
          <span class="trace-kind">route</span> <code>{e.nodeId}</code> took <strong>{e.route}</strong>
          {" → "}
          {e.next ? <code>{e.next}</code> : <span class="muted">end</span>}
        </li>
      );
    case "set":
      return (
        <li class="trace-set">
          <span class="trace-kind">set</span> <code>{e.attribute}</code> = <Value value={e.value} />
        </li>
      );
    case "invalid":
      return (
        <li class="trace-invalid">
          <span class="trace-kind">invalid</span> <code>{e.nodeId}</code> refused “{e.text}”
        </li>
      );
    case "restart":
      return (
        <li class="trace-restart">
          <span class="trace-kind">start</span> {RESTART[e.reason]}
        </li>
      );
    case "error":
      return (
        <li class="trace-error">
          <span class="trace-kind">error</span> {e.message}
        </li>
      );
  }
}

const RESTART = {
  new: "new conversation",
  ended: "started again after the end",
  timeout: "started again after the session timeout",
} as const;

/** An attribute value as the pages show it: strings quoted so "" and "0" stay visible. */
export function Value(props: { value: AttributeValue | undefined }) {
  const v = props.value;
  if (v === undefined) return <span class="muted">unset</span>;
  return <code class="value">{typeof v === "string" ? JSON.stringify(v) : String(v)}</code>;
}
