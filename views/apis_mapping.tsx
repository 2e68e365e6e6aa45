import { ApiTabs } from "./apis_editor.tsx";
import { type MappingRow, NEW_ATTRIBUTE, type PreviewPanel, type SamplePanel } from "./apis_mapping_rows.ts";
import { Csrf } from "./layout.tsx";

export { NEW_ATTRIBUTE };

/** The Response mapping tab: a tab per saved sample, every path of it, an attribute for each, and a preview. */
export function MappingPage(
  props: {
    csrf: string;
    id: number;
    name: string;
    panels: SamplePanel[];
    active: number | undefined;
    attributes: string[];
    preview: PreviewPanel[];
    warnings: string[];
    saved: boolean;
    error?: string;
    notice?: string;
  },
) {
  const statuses = [
    ...new Set(["2xx", ...props.panels.flatMap((p) => [String(p.status), `${String(p.status)[0]}xx`])]),
  ];
  let index = 0;
  return (
    <>
      <ApiTabs id={props.id} name={props.name} active="mapping" />
      <p class="lead">
        A mapping stores a field of the API's JSON response into an attribute of the contact, each time a flow
        calls the API. Each mapping applies to the responses of its status (<code>2xx</code>{" "}
        unless you say otherwise), so a 404's error body can fill other attributes than a 200's order. When
        its path matches nothing, the attribute is cleared (back to its default, or empty) unless “keep” is
        ticked.
      </p>
      {props.saved && <div class="alert success" role="status">Mappings saved.</div>}
      {props.notice && <div class="alert success" role="status" id="list-stored">{props.notice}</div>}
      {props.error && <div class="alert error" role="alert">{props.error}</div>}
      {props.panels.length === 0
        ? (
          <div class="empty">
            <h2>No response structure yet</h2>
            <p>
              Test the API, then press “Save response structure”: its fields appear here. Save one response
              per status (say a 200 and a 404) to map each.{" "}
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
            hx-trigger="change, input delay:500ms from:.jsonpath, input delay:500ms from:.status-input"
            hx-target="#mapping-preview"
            hx-swap="outerHTML"
          >
            <Csrf token={props.csrf} />
            {/* Enter in a field saves: the first submit button is the default, and "Store as a list" comes before Save. */}
            <button type="submit" hidden tabindex={-1} aria-hidden="true" />
            <datalist id="mapping-statuses">
              {statuses.map((s) => <option key={s} value={s} />)}
            </datalist>
            <section class="card">
              <h2>Saved responses</h2>
              <div class="tabs sample-tabs" role="tablist" aria-label="Saved responses by status" data-tabs>
                {props.panels.map((p) => (
                  <a
                    role="tab"
                    id={`sample-tab-${p.status}`}
                    href={`/apis/${props.id}/mapping?status=${p.status}`}
                    aria-controls={`sample-panel-${p.status}`}
                    aria-selected={p.status === props.active ? "true" : "false"}
                    tabindex={p.status === props.active ? 0 : -1}
                  >
                    Status {p.status}
                  </a>
                ))}
              </div>
              <p class="help">
                <code>[0]</code> is the first item of a list; <code>[*]</code>{" "}
                is every item (stored as a JSON list). “For status” is an exact code (<code>404</code>) or a
                class (<code>4xx</code>).
              </p>
              {props.panels.map((p) => (
                <div
                  role="tabpanel"
                  id={`sample-panel-${p.status}`}
                  aria-labelledby={`sample-tab-${p.status}`}
                  hidden={p.status !== props.active}
                  class="sample-panel"
                  data-status={p.status}
                >
                  <table class="table mapping-table">
                    <thead>
                      <tr>
                        <th>JSONPath</th>
                        <th>Sample value</th>
                        <th>Store in attribute</th>
                        <th>For status</th>
                        <th>If no match</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.rows.map((row) => (
                        <Row
                          key={index}
                          row={row}
                          index={index++}
                          attributes={props.attributes}
                          listAction={`/apis/${props.id}/mapping/list`}
                          status={p.status}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </section>
            <Preview panels={props.preview} warnings={props.warnings} />
            <div class="row">
              <button type="submit" class="primary" id="save-mappings">Save mappings</button>
            </div>
          </form>
        )}
    </>
  );
}

function Row(
  props: { row: MappingRow; index: number; attributes: string[]; listAction: string; status: number },
) {
  const { row, index } = props;
  const label = row.path || "another path";
  return (
    <tr class={row.free ? "free-row" : undefined} data-path={row.path}>
      <td data-label="JSONPath">
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
      <td class="mono sample" data-label="Sample">
        {row.free ? <span class="muted">any other path</span> : row.sample}
      </td>
      <td class="pick" data-label="Attribute">
        <select name="attribute" id={`map-${index}`} aria-label={`Attribute for ${label}`}>
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
        {row.list && !row.free && (
          <span class="store-list">
            <button
              type="submit"
              class="small"
              formaction={props.listAction}
              name="store_list"
              value={`${props.status} ${row.path}`}
              aria-label={`Store ${row.path} as a list`}
            >
              Store as a list
            </button>
            <small class="help">
              Creates a text attribute holding the list as JSON text, for “Choices: from a list”.
            </small>
          </span>
        )}
      </td>
      <td data-label="For status">
        <input
          class="status-input mono"
          name="status"
          value={row.status}
          list="mapping-statuses"
          size={4}
          aria-label={`Status for ${label}`}
        />
      </td>
      <td data-label="If no match">
        <label class="keep" title="When the path matches nothing, leave the attribute as it was">
          <input type="checkbox" name="keep" value={String(index)} checked={row.keep} /> keep
        </label>
      </td>
    </tr>
  );
}

/** What the mappings would do to each saved response, computed with the runtime's code. */
export function Preview(props: { panels: PreviewPanel[]; warnings: string[] }) {
  const empty = props.panels.every((p) => p.lines.length === 0);
  return (
    <section class="card" id="mapping-preview" aria-live="polite">
      <h2>Preview</h2>
      {props.warnings.map((w) => <div key={w} class="alert warn overlap-warning" role="alert">{w}</div>)}
      {empty
        ? <p class="muted">Pick an attribute for a field to see what it would store.</p>
        : props.panels.map((panel) => (
          <div class="preview-panel" data-status={panel.status}>
            <h3>A response with status {panel.status}</h3>
            {panel.lines.length === 0
              ? <p class="muted">No mapping applies to this status: every attribute keeps its value.</p>
              : (
                <table class="table">
                  <tbody>
                    {panel.lines.map((line) => (
                      <tr data-attribute={line.attribute} data-outcome={line.outcome}>
                        <td>
                          <code>{line.path}</code>
                        </td>
                        <td>→</td>
                        <td>
                          <code>{line.attribute}</code>
                        </td>
                        <td class="preview-value">
                          {line.outcome === "error"
                            ? <span class="error">{line.error}</span>
                            : line.outcome === "kept"
                            ? <span class="muted">no match: keeps its value</span>
                            : line.outcome === "cleared"
                            ? (
                              <span class="cleared">
                                no match: cleared {line.value
                                  ? (
                                    <>
                                      to <strong class="mono">{line.value}</strong>
                                    </>
                                  )
                                  : "(empty)"}
                              </span>
                            )
                            : <strong class="mono">{line.value}</strong>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
          </div>
        ))}
    </section>
  );
}
