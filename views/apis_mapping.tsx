import { ApiTabs } from "./apis_editor.tsx";
import { Csrf } from "./layout.tsx";

/** One line of the mapping table; `free` rows take any JSONPath. */
export interface MappingRow {
  path: string;
  sample?: string;
  attribute: string;
  newName: string;
  newType: string;
  free: boolean;
  error?: string;
}

/** What one mapping would store from the sample. */
export interface PreviewLine {
  path: string;
  attribute: string;
  value?: string;
  error?: string;
}

export const NEW_ATTRIBUTE = "__new";

/** The Response mapping tab: every path of the saved sample, an attribute for each, and a preview. */
export function MappingPage(
  props: {
    csrf: string;
    id: number;
    name: string;
    hasSample: boolean;
    sampleStatus: number | null;
    rows: MappingRow[];
    attributes: string[];
    preview: PreviewLine[];
    saved: boolean;
    error?: string;
  },
) {
  return (
    <>
      <ApiTabs id={props.id} name={props.name} active="mapping" />
      <p class="lead">
        A mapping stores a field of the API's JSON response into an attribute of the contact, each time a flow
        calls the API. Pick an attribute for the fields you need; leave the others empty.
      </p>
      {props.saved && <div class="alert success" role="status">Mappings saved.</div>}
      {props.error && <div class="alert error" role="alert">{props.error}</div>}
      {!props.hasSample
        ? (
          <div class="empty">
            <h2>No response structure yet</h2>
            <p>
              Test the API, then press “Save response structure”: its fields appear here.{" "}
              <a href={`/apis/${props.id}/test`}>Go to Test →</a>
            </p>
          </div>
        )
        : (
          <form
            method="post"
            action={`/apis/${props.id}/mapping`}
            class="stack mapping-form"
            id="mapping-form"
            hx-post={`/apis/${props.id}/mapping/preview`}
            hx-trigger="change, input delay:500ms from:.jsonpath"
            hx-target="#mapping-preview"
            hx-swap="outerHTML"
          >
            <Csrf token={props.csrf} />
            <section class="card table-wrap">
              <h2>Fields of the sample (status {props.sampleStatus})</h2>
              <p class="help">
                <code>[0]</code> is the first item of a list; <code>[*]</code>{" "}
                is every item (stored as a JSON list).
              </p>
              <table class="table mapping-table">
                <thead>
                  <tr>
                    <th>JSONPath</th>
                    <th>Sample value</th>
                    <th>Store in attribute</th>
                  </tr>
                </thead>
                <tbody>
                  {props.rows.map((row, i) => (
                    <Row key={i} row={row} index={i} attributes={props.attributes} />
                  ))}
                </tbody>
              </table>
            </section>
            <Preview lines={props.preview} />
            <div class="row">
              <button type="submit" class="primary" id="save-mappings">Save mappings</button>
            </div>
          </form>
        )}
    </>
  );
}

function Row(props: { row: MappingRow; index: number; attributes: string[] }) {
  const { row, index } = props;
  const id = `map-${index}`;
  return (
    <tr class={row.free ? "free-row" : undefined} data-path={row.path}>
      <td>
        {row.free
          ? (
            <input
              class="jsonpath mono"
              name="path"
              value={row.path}
              placeholder="$.any.other.path"
              aria-label="Other JSONPath"
            />
          )
          : (
            <>
              <code>{row.path}</code>
              <input type="hidden" name="path" value={row.path} />
            </>
          )}
        {row.error && <p class="error">{row.error}</p>}
      </td>
      <td class="mono sample">{row.free ? <span class="muted">any other path</span> : row.sample}</td>
      <td class="pick">
        <select name="attribute" id={id} aria-label={`Attribute for ${row.path || "another path"}`}>
          <option value="">—</option>
          {props.attributes.map((a) => <option key={a} value={a} selected={row.attribute === a}>{a}</option>)}
          <option value={NEW_ATTRIBUTE} selected={row.attribute === NEW_ATTRIBUTE}>+ New attribute…</option>
        </select>
        <span class="new-attribute">
          <input
            name="new_name"
            value={row.newName}
            placeholder="new_attribute_name"
            aria-label="New attribute name"
          />
          <select name="new_type" aria-label="New attribute type">
            {["text", "number", "boolean"].map((t) => (
              <option value={t} selected={row.newType === t}>{t}</option>
            ))}
          </select>
        </span>
      </td>
    </tr>
  );
}

/** What the mappings would store from the sample, computed with the runtime's code. */
export function Preview(props: { lines: PreviewLine[] }) {
  return (
    <section class="card" id="mapping-preview" aria-live="polite">
      <h2>Preview</h2>
      {props.lines.length === 0
        ? <p class="muted">Pick an attribute for a field to see what it would store.</p>
        : (
          <table class="table">
            <tbody>
              {props.lines.map((line) => (
                <tr data-attribute={line.attribute}>
                  <td>
                    <code>{line.path}</code>
                  </td>
                  <td>→</td>
                  <td>
                    <code>{line.attribute}</code>
                  </td>
                  <td class="preview-value">
                    {line.error
                      ? <span class="error">{line.error}</span>
                      : line.value === undefined
                      ? <span class="muted">no match: the attribute keeps its value</span>
                      : <strong class="mono">{line.value}</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}
