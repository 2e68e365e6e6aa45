import type { AttributeUses } from "../db/attribute_uses.ts";
import { ATTRIBUTE_NAME, ATTRIBUTE_TYPES } from "../engine/attribute_schema.ts";
import type { AttributeRecord } from "../db/attributes.ts";
import { Csrf, EmptyState, Field, PostButton } from "./layout.tsx";

/** What the attribute form holds, as typed. */
export interface AttributeForm {
  name: string;
  type: string;
  default: string;
  description: string;
}

const SYSTEM = [
  ["sys.phone", "the contact's WhatsApp id"],
  ["sys.name", "the contact's profile name"],
  ["sys.input", "the last message text, or the title of the choice picked"],
  ["sys.status", "the last API status code (0 when no response came)"],
];

/** The attributes list with the uses of each, and the form to add one. */
export function AttributesPage(
  props: {
    csrf: string;
    attributes: AttributeRecord[];
    uses: Map<string, AttributeUses>;
    values: AttributeForm;
    errors: Record<string, string>;
    refused?: { name: string; uses: AttributeUses };
  },
) {
  return (
    <>
      <h1>Attributes</h1>
      <p class="lead">
        Attributes are the values Chatwire keeps per contact: what a question stores, what an API call maps
        from its response, what a message inserts with{" "}
        <code>{"{{name}}"}</code>. They belong to the workspace and every bot shares them.
      </p>
      {props.refused && <RefusedDelete name={props.refused.name} uses={props.refused.uses} />}
      {props.attributes.length === 0
        ? <EmptyState title="No attributes yet">Add the first one below, e.g. order_id.</EmptyState>
        : (
          <section class="card table-wrap">
            <table class="table" id="attributes">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Type</th>
                  <th>Default</th>
                  <th>Used in</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {props.attributes.map((a) => (
                  <tr id={`attr-${a.name}`}>
                    <td>
                      <code>{a.name}</code>
                      {a.description && <div class="help">{a.description}</div>}
                    </td>
                    <td>{a.type}</td>
                    <td>{a.default === undefined ? <span class="muted">—</span> : String(a.default)}</td>
                    <td>
                      <UsesList uses={props.uses.get(a.name)} />
                    </td>
                    <td class="actions">
                      <a class="button small" href={`/attributes/${a.id}`}>Edit</a>{" "}
                      <PostButton
                        action={`/attributes/${a.id}/delete`}
                        csrf={props.csrf}
                        class="small danger"
                      >
                        Delete
                      </PostButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      <section class="card">
        <h2>Add an attribute</h2>
        <AttributeFields csrf={props.csrf} action="/attributes" values={props.values} errors={props.errors} />
      </section>
      <section class="card">
        <h2>System attributes</h2>
        <p class="help">
          Always present and read-only: flows and APIs can use them, nothing can store into them.
        </p>
        <dl class="facts">
          {SYSTEM.map(([name, meaning]) => (
            <>
              <dt>
                <code>{name}</code>
              </dt>
              <dd>{meaning}</dd>
            </>
          ))}
        </dl>
      </section>
    </>
  );
}

/** Editing one attribute. */
export function AttributeEditPage(
  props: {
    csrf: string;
    id: number;
    values: AttributeForm;
    errors: Record<string, string>;
    uses?: AttributeUses;
  },
) {
  return (
    <>
      <p>
        <a href="/attributes">← Attributes</a>
      </p>
      <h1>Edit attribute</h1>
      <section class="card">
        <AttributeFields
          csrf={props.csrf}
          action={`/attributes/${props.id}`}
          values={props.values}
          errors={props.errors}
        />
      </section>
      <section class="card">
        <h2>Used in</h2>
        <UsesList uses={props.uses} />
      </section>
    </>
  );
}

function AttributeFields(
  props: { csrf: string; action: string; values: AttributeForm; errors: Record<string, string> },
) {
  const { values, errors } = props;
  return (
    <form method="post" action={props.action} class="stack attribute-form">
      <Csrf token={props.csrf} />
      <div class="inline">
        <Field
          label="Name"
          name="name"
          error={errors.name}
          help="Lowercase letters, digits and _, starting with a letter (e.g. order_id)."
        >
          <input
            id="name"
            name="name"
            value={values.name}
            required
            pattern={ATTRIBUTE_NAME.source.slice(1, -1)}
          />
        </Field>
        <Field label="Type" name="type" error={errors.type}>
          <select id="type" name="type">
            {ATTRIBUTE_TYPES.map((t) => <option key={t} value={t} selected={values.type === t}>{t}</option>)}
          </select>
        </Field>
        <Field
          label="Default (optional)"
          name="default"
          error={errors.default}
          help="The value a new contact starts with."
        >
          <input id="default" name="default" value={values.default} />
        </Field>
      </div>
      <Field label="Description (optional)" name="description" error={errors.description}>
        <input id="description" name="description" value={values.description} />
      </Field>
      <div>
        <button type="submit" class="primary">Save attribute</button>
      </div>
    </form>
  );
}

/** The uses of an attribute as short lists, or "not used". */
export function UsesList(props: { uses?: AttributeUses }) {
  const u = props.uses;
  if (!u || u.apis.length + u.mappings.length + u.nodes.length === 0) {
    return <span class="muted">not used</span>;
  }
  return (
    <ul class="uses">
      {u.apis.length > 0 && <li>APIs: {u.apis.join(", ")}</li>}
      {u.mappings.length > 0 && <li>Mappings: {u.mappings.join(", ")}</li>}
      {u.nodes.length > 0 && <li>Flow nodes: {u.nodes.join(", ")}</li>}
    </ul>
  );
}

function RefusedDelete(props: { name: string; uses: AttributeUses }) {
  return (
    <div class="alert error" role="alert">
      <p>
        Cannot delete attribute <code>{props.name}</code>: it is still used. Remove these uses first:
      </p>
      <UsesList uses={props.uses} />
    </div>
  );
}
