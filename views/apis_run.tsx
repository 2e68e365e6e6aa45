import type { ApiResult } from "../engine/types.ts";
import { ApiTabs } from "./apis_editor.tsx";
import { StatusBadge } from "./apis_list.tsx";
import { JsonTree } from "./json_tree.tsx";
import { Csrf, Field } from "./layout.tsx";
import { TokenStepView } from "./apis_token_step.tsx";

/** The Test tab: a value per placeholder, send, and the result below. */
export function ApiTestPage(
  props: {
    csrf: string;
    id: number;
    name: string;
    placeholders: string[];
    values: Record<string, string>;
    testId: string;
    /** Statuses with a saved sample. */
    samples: number[];
  },
) {
  return (
    <>
      <ApiTabs id={props.id} name={props.name} active="test" />
      <section class="card">
        <h2>Send a test request</h2>
        <p class="help">
          Give each attribute the API uses an actual value, then send the request. Chatwire sends it from this
          server, exactly as a flow would, and shows what came back. The values are remembered for the next
          test.
        </p>
        <form
          class="stack"
          id="test-form"
          method="post"
          action={`/apis/${props.id}/test`}
          hx-post={`/apis/${props.id}/test`}
          hx-target="#test-result"
          hx-indicator="#test-progress"
          hx-disabled-elt="#send-test"
        >
          <Csrf token={props.csrf} />
          <input type="hidden" name="testId" value={props.testId} />
          {props.placeholders.length === 0
            ? <p class="muted">This API uses no attributes: it is sent as it is.</p>
            : (
              <div class="inline">
                {props.placeholders.map((name) => (
                  <Field label={`{{${name}}}`} name={`value:${name}`}>
                    <input id={`value:${name}`} name={`value:${name}`} value={props.values[name] ?? ""} />
                  </Field>
                ))}
              </div>
            )}
          <div class="row">
            <button type="submit" class="primary" id="send-test">Send test request</button>
            <span id="test-progress" class="test-progress">
              <span class="spinner" aria-hidden="true"></span> Waiting for the API…{" "}
              <button
                type="button"
                class="small"
                id="cancel-test"
                hx-post={`/apis/tests/${props.testId}/cancel`}
                hx-swap="none"
              >
                Cancel
              </button>
            </span>
          </div>
        </form>
      </section>
      {props.samples.length > 0 && (
        <p class="help">
          Saved response structures: status {props.samples.join(", ")}.{" "}
          <a href={`/apis/${props.id}/mapping`}>Map their fields →</a>
        </p>
      )}
      <div id="test-result" aria-live="polite"></div>
    </>
  );
}

/** One test's outcome: status, time, size, headers and the body as a tree. */
export function TestResult(
  props: {
    csrf: string;
    id: number;
    result: ApiResult;
    /** The body with secrets removed: the only body this page shows. */
    body: string;
    json: unknown;
    cancelled: boolean;
    /** Paths of mappings for this response's status that it no longer has. */
    drift: string[];
  },
) {
  const r = props.result;
  return (
    <section class="card test-result" id="test-outcome">
      <TokenStepView step={r.tokenRequest} />
      <div class="row result-facts">
        <StatusBadge status={r.status} />
        <span>{r.durationMs} ms</span>
        <span>{formatSize(r.size)}</span>
        {r.attempts > 1 && <span class="muted">{r.attempts} attempts</span>}
        <span class="mono muted url-cell">{r.request.method} {r.request.url}</span>
      </div>
      {props.cancelled && (
        <div class="alert warn">Cancelled: the request was stopped before an answer came.</div>
      )}
      {!props.cancelled && r.error && <div class="alert error">No response: {r.error}</div>}
      {r.truncated && <div class="alert warn">The body was larger than the cap and was cut.</div>}
      {props.drift.length > 0 && (
        <div class="alert warn" id="drift-warning" role="alert">
          <p>
            The response has changed: these paths mapped for status {r.status}{" "}
            are missing, so their attributes would be cleared (unless “keep” is ticked):
          </p>
          <ul>
            {props.drift.map((p) => (
              <li>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {Object.keys(r.headers).length > 0 && (
        <details class="headers">
          <summary>Response headers ({Object.keys(r.headers).length})</summary>
          <dl class="facts">
            {Object.entries(r.headers).map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd class="mono">{v}</dd>
              </>
            ))}
          </dl>
        </details>
      )}
      <h3>Body</h3>
      {props.json !== undefined
        ? <JsonTree value={props.json} />
        : props.body === ""
        ? <p class="muted">(empty)</p>
        : <pre class="raw-body">{props.body}</pre>}
      {props.json !== undefined && (
        <form
          method="post"
          action={`/apis/${props.id}/sample`}
          hx-post={`/apis/${props.id}/sample`}
          hx-target="#sample-status"
          class="stack save-sample"
        >
          <Csrf token={props.csrf} />
          <input type="hidden" name="body" value={props.body} />
          <input type="hidden" name="status" value={String(r.status)} />
          <p class="help">
            “Save response structure” keeps this response as the API's sample of status {r.status}{" "}
            (samples of other statuses stay): the Response mapping tab lists its fields so you can store them
            into attributes, and the flow editor offers status {r.status} as a route.
          </p>
          <div class="row">
            <button type="submit" id="save-sample">Save response structure</button>
            <span id="sample-status"></span>
          </div>
        </form>
      )}
    </section>
  );
}

/** `1.2 kB` style sizes. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
