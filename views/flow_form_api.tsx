import type { ComponentChildren } from "preact";
import type { NodeDraft } from "./flow_draft.ts";
import type { FormOptions } from "./flow_form.tsx";
import { Labelled } from "./flow_form_fields.tsx";

const STATUS_HINTS = ["200", "201", "2xx", "400", "401", "404", "4xx", "500", "5xx", "timeout", "error"];

/** The API node's fields: which API, and its routes by HTTP status (offering the statuses seen in tests). */
export function ApiFields(
  props: {
    d: NodeDraft;
    options: FormOptions;
    refresh: string;
    errors: Record<string, string>;
    opButton: (op: string, label: string, cls?: string) => ComponentChildren;
    target: (name: string, value: string, empty?: string) => ComponentChildren;
  },
) {
  const { d, options, opButton, target } = props;
  const routed = new Set(d.routes.map((r) => r.status.trim()));
  const suggested = options.seenStatuses.map(String).filter((s) => !routed.has(s));
  return (
    <>
      <Labelled
        label="API"
        error={props.errors.api}
        help="One of the workspace's APIs (Developers → APIs), called with the contact's attributes."
      >
        <select name="api" hx-post={props.refresh} hx-trigger="change" hx-target="closest tr">
          <option value="" selected={d.api === ""}>(choose an API)</option>
          {options.apis.map((a) => <option key={a} value={a} selected={d.api === a}>{a}</option>)}
          {d.api !== "" && !options.apis.includes(d.api) && (
            <option value={d.api} selected>{d.api} (missing)</option>
          )}
        </select>
      </Labelled>
      <fieldset class="subrows">
        <legend>Routes by HTTP status</legend>
        <p class="help">
          After the call, the first route whose status is the exact code (<code>200</code>) wins, else a class
          (<code>2xx</code>, <code>4xx</code>), else <code>timeout</code>{" "}
          when the API did not answer in time, else <code>error</code>{" "}
          when no answer came (network error, refused address), else "others".
        </p>
        <datalist id="status-hints">
          {STATUS_HINTS.map((s) => <option key={s} value={s} />)}
        </datalist>
        {d.routes.map((r, i) => (
          <div class="subrow">
            <input
              name="route.status"
              value={r.status}
              list="status-hints"
              aria-label="Status"
              placeholder="200, 4xx, timeout…"
              class="status-input"
            />
            {target("route.next", r.next, "(choose a node)")}
            {opButton(`remove-route:${i}`, "Remove", "small danger")}
          </div>
        ))}
        <div class="row">
          {opButton("add-route", "+ Add route")}
          {suggested.length > 0 && <span class="help">Seen when this API was tested:</span>}
          {suggested.map((s) => opButton(`add-route:${s}`, `+ ${s}`, "small suggest"))}
        </div>
        <Labelled
          label="Others (any other status)"
          help="Nothing here ends the conversation on other statuses."
        >
          {target("others", d.others)}
        </Labelled>
      </fieldset>
    </>
  );
}
