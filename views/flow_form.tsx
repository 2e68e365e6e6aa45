import { CONDITION_OPS, type Flow } from "../engine/types.ts";
import { NODE_TYPES, type NodeDraft } from "./flow_draft.ts";
import { TYPE_LABELS } from "./flow_targets.ts";
import { ApiFields } from "./flow_form_api.tsx";
import { AttributeSelect, Labelled, TargetSelect } from "./flow_form_fields.tsx";
import { ListFields, type ListSample } from "./flow_form_list.tsx";

/** What the node forms offer in their selects. */
export interface FormOptions {
  apis: string[];
  attributes: string[];
  /** Statuses seen when the API of the form was tested, offered as routes. */
  seenStatuses: number[];
  /** Text attributes, which can hold a JSON list for "choices from a list". */
  listAttributes?: string[];
  /** What the saved sample says about the list of the form's question. */
  listSample?: ListSample;
}

const SYSTEM = ["sys.phone", "sys.name", "sys.input", "sys.status"];

/**
 * A table row holding the form of one node type. Saving swaps the whole
 * table (the section's inherited target); the sub-row buttons and the type
 * select re-render only this row.
 */
export function NodeFormRow(
  props: {
    botId: number;
    flow: Flow;
    index: number;
    draft: NodeDraft;
    errors: Record<string, string>;
    options: FormOptions;
  },
) {
  const { draft: d, errors } = props;
  const base = `/bots/${props.botId}/flow`;
  const refresh = `${base}/nodes/${props.index}/form`;
  const ids = props.flow.nodes.filter((_, i) => i !== props.index).map((n) => n.id);
  const isNew = props.index >= props.flow.nodes.length;
  const opButton = (op: string, label: string, cls = "small") => (
    <button
      type="button"
      class={cls}
      hx-post={refresh}
      hx-vals={JSON.stringify({ op })}
      hx-target="closest tr"
      hx-include="closest form"
    >
      {label}
    </button>
  );
  const target = (name: string, value: string, empty = "(none: the flow ends)") => (
    <TargetSelect name={name} value={value} ids={ids} empty={empty} />
  );
  return (
    <tr id="node-form" class="node-form-row">
      <td colspan={5}>
        <form class="node-form stack" hx-post={`${base}/nodes/${props.index}`}>
          <h3>{isNew ? "New node" : `Edit node "${props.flow.nodes[props.index]?.id}"`}</h3>
          {Object.keys(errors).length > 0 && (
            <div class="alert error" role="alert">
              <ul>
                {Object.entries(errors).map(([k, m]) => (
                  <li>
                    {k === "form" ? m : (
                      <>
                        <code>{k}</code> {m}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div class="inline">
            <Labelled label="Node id" error={errors.id} help="Other nodes link to this id.">
              <input name="id" value={d.id} required />
            </Labelled>
            <Labelled label="Type">
              <select name="type" hx-post={refresh} hx-trigger="change" hx-target="closest tr">
                {NODE_TYPES.map((t) => (
                  <option key={t} value={t} selected={d.type === t}>{TYPE_LABELS[t]}</option>
                ))}
              </select>
            </Labelled>
          </div>
          {(d.type === "message" || d.type === "question" || d.type === "end") && (
            <Labelled
              label={d.type === "end" ? "Last message (optional)" : "Text"}
              error={errors.text}
              help="Up to 4096 characters. {{order_id}} inserts an attribute; type / to pick one."
            >
              <textarea name="text" rows={3} data-placeholders="">{d.text}</textarea>
            </Labelled>
          )}
          {d.type === "question" && (
            <>
              <div class="inline">
                <Labelled label="Expected answer">
                  <select name="input" hx-post={refresh} hx-trigger="change" hx-target="closest tr">
                    {["text", "number", "email", "phone", "choice"].map((i) => (
                      <option value={i} selected={d.input === i}>{i}</option>
                    ))}
                  </select>
                </Labelled>
                <Labelled label="Store the answer in" error={errors.attribute}>
                  <AttributeSelect
                    name="attribute"
                    value={d.attribute}
                    names={props.options.attributes}
                    empty
                  />
                </Labelled>
              </div>
              <Labelled label="When the answer is invalid, say (optional)" error={errors.invalid}>
                <input name="invalid" value={d.invalid} data-placeholders="" />
              </Labelled>
              {d.input === "choice" && (
                <Labelled label="Choices">
                  <select name="choiceSource" hx-post={refresh} hx-trigger="change" hx-target="closest tr">
                    <option value="fixed" selected={d.choiceSource === "fixed"}>fixed: written here</option>
                    <option value="list" selected={d.choiceSource === "list"}>
                      from a list (an API's answer)
                    </option>
                  </select>
                </Labelled>
              )}
              {d.input === "choice" && d.choiceSource === "list" && (
                <ListFields
                  d={d}
                  errors={errors}
                  listAttributes={props.options.listAttributes ?? props.options.attributes}
                  sample={props.options.listSample}
                  previewUrl={`${refresh}/list-preview`}
                  target={target}
                />
              )}
              {d.input === "choice" && d.choiceSource === "fixed" && (
                <fieldset class="subrows">
                  <legend>Choices</legend>
                  <p class="help">
                    1–3 choices are sent as buttons (titles ≤ 20 characters), 4–10 as a list (titles ≤ 24).
                  </p>
                  {d.choices.map((c, i) => (
                    <div class="subrow">
                      <input name="choice.id" value={c.id} aria-label="Choice id" placeholder="id" />
                      <input
                        name="choice.title"
                        value={c.title}
                        aria-label="Choice title"
                        placeholder="Title"
                      />
                      <input
                        name="choice.value"
                        value={c.value}
                        aria-label="Stored value"
                        placeholder="value (optional)"
                      />
                      {target("choice.next", c.next, "(the node's next)")}
                      {opButton(`remove-choice:${i}`, "Remove", "small danger")}
                    </div>
                  ))}
                  {opButton("add-choice", "+ Add choice")}
                </fieldset>
              )}
            </>
          )}
          {d.type === "api" && (
            <ApiFields
              d={d}
              options={props.options}
              refresh={refresh}
              errors={errors}
              opButton={opButton}
              target={target}
            />
          )}
          {d.type === "condition" && (
            <fieldset class="subrows">
              <legend>Rules</legend>
              <p class="help">The first rule that holds wins; none → "else".</p>
              {d.rules.map((r, i) => (
                <div class="subrow">
                  <AttributeSelect
                    name="rule.attribute"
                    value={r.attribute}
                    names={[...props.options.attributes, ...SYSTEM]}
                  />
                  <select name="rule.op" aria-label="Operator">
                    {CONDITION_OPS.map((op) => (
                      <option key={op} value={op} selected={r.op === op}>{op}</option>
                    ))}
                  </select>
                  <input
                    name="rule.value"
                    value={r.value}
                    aria-label="Value"
                    placeholder="value (type / for attributes)"
                    data-placeholders=""
                  />
                  {target("rule.next", r.next, "(choose a node)")}
                  {opButton(`remove-rule:${i}`, "Remove", "small danger")}
                </div>
              ))}
              {opButton("add-rule", "+ Add rule")}
              <Labelled label="Else go to">{target("else", d.else)}</Labelled>
            </fieldset>
          )}
          {d.type === "set" && (
            <div class="inline">
              <Labelled label="Attribute" error={errors.attribute}>
                <AttributeSelect name="attribute" value={d.attribute} names={props.options.attributes} />
              </Labelled>
              <Labelled
                label="Value"
                error={errors.value}
                help="A template: {{total}} inserts an attribute; type / to pick one."
              >
                <input name="value" value={d.value} data-placeholders="" />
              </Labelled>
            </div>
          )}
          {(d.type === "message" || d.type === "question" || d.type === "set") && (
            <Labelled label={d.type === "question" ? "Then go to" : "Next"} error={errors.next}>
              {target("next", d.next)}
            </Labelled>
          )}
          <div class="row">
            <button type="submit" class="primary">Save node</button>
            <button type="button" hx-get={`${base}/table`}>Cancel</button>
          </div>
        </form>
      </td>
    </tr>
  );
}
