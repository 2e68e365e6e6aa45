import type { OutMessage } from "../engine/types.ts";
import type { NodeDraft } from "./flow_draft.ts";
import { AttributeSelect, Labelled } from "./flow_form_fields.tsx";

/** What the editor knows of a list attribute from the saved sample of the API that fills it. */
export interface ListSample {
  /** The API whose mapping fills the list attribute. */
  api: string;
  /** The fields of its first element, as `item.id`, `item.total`. */
  fields: string[];
  /** The first page the sample would produce, or null when the sample holds no JSON array. */
  preview: OutMessage | null;
}

/** The "from a list" part of a choice question's form: list, templates, empty target and preview. */
export function ListFields(
  props: {
    d: NodeDraft;
    errors: Record<string, string>;
    listAttributes: string[];
    sample?: ListSample;
    previewUrl: string;
    target: (name: string, value: string, empty?: string) => preact.JSX.Element;
  },
) {
  const { d, errors } = props;
  const field = (name: keyof NodeDraft["list"], label: string, help?: string) => (
    <Labelled label={label} error={errors[`choicesFrom.${name}`]} help={help}>
      <input name={`list.${name}`} value={d.list[name]} data-placeholders="" />
    </Labelled>
  );
  return (
    <fieldset
      class="subrows list-choices"
      hx-post={props.previewUrl}
      hx-trigger="input delay:400ms, change"
      hx-target="#list-preview"
      hx-include="closest form"
      hx-swap="outerHTML"
    >
      <legend>Choices from a list</legend>
      <p class="help">
        The list is an attribute holding a JSON array, e.g. mapped from{" "}
        <code>$.orders</code>. 1–3 elements are sent as buttons, 4–10 as a list, more as pages of 9 with a
        last "More…" row. Titles are cut to WhatsApp's limits with "…".
      </p>
      <Labelled label="List attribute" error={errors["choicesFrom.list"]}>
        <AttributeSelect name="list.list" value={d.list.list} names={props.listAttributes} />
      </Labelled>
      <div class="inline">
        {field("title", "Title", "A template over {{item.…}}, e.g. Order {{item.id}}.")}
        {field("description", "Description (optional, lists only)")}
      </div>
      <div class="inline">
        {field("value", "Stored value", "What the question's attribute gets, e.g. {{item.id}}.")}
        {field("more", 'Title of the "More…" row (optional)')}
      </div>
      <Labelled label="When the list is empty, go to" error={errors.empty}>
        {props.target("empty", d.empty, "(the node's next)")}
      </Labelled>
      <ListPreview sample={props.sample} />
    </fieldset>
  );
}

/** The WhatsApp message the sample would produce (first page), or why there is none. */
export function ListPreview(props: { sample?: ListSample }) {
  const preview = props.sample?.preview;
  return (
    <div id="list-preview" class="list-preview" aria-live="polite">
      {props.sample && props.sample.fields.length > 0 && (
        <p class="help item-fields">
          Fields of an element (from the saved sample of {props.sample.api}):{" "}
          {props.sample.fields.map((f) => <code key={f}>{`{{${f}}}`}</code>)}
        </p>
      )}
      <span class="label">Preview (first page, from the saved sample)</span>
      {!props.sample
        ? (
          <p class="muted">
            No API maps a saved sample into this attribute yet: test the API and map the list.
          </p>
        )
        : !preview
        ? <p class="muted">The saved sample of {props.sample.api} gives no JSON array here.</p>
        : (
          <div class="bubble in">
            <p>{preview.text}</p>
            {preview.type === "buttons" && (
              <div class="sim-buttons">
                {preview.buttons.map((b) => <span key={b.id} class="sim-reply">{b.title}</span>)}
              </div>
            )}
            {preview.type === "list" && (
              <div class="sim-list">
                <div class="sim-list-head">☰ {preview.button}</div>
                {preview.rows.map((r) => (
                  <span key={r.id} class="sim-reply">
                    {r.title}
                    {r.description && <span class="sim-desc">{r.description}</span>}
                  </span>
                ))}
              </div>
            )}
          </div>
        )}
    </div>
  );
}
