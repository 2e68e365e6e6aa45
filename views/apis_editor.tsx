import { HTTP_METHODS } from "../engine/types.ts";
import type { ApiForm, SecretInput } from "./apis_form.ts";
import { AuthSection, BodySection, KvRows } from "./apis_parts.tsx";
import { AttributeNames } from "./attribute_names.tsx";
import { Csrf, Field, PostButton } from "./layout.tsx";

/** What the editor shows above the form. */
export interface EditorNotice {
  saved?: boolean;
  /** Unknown placeholder names: shown after saving, never a refusal. */
  unknown?: string[];
  curlError?: string;
  curlWarnings?: string[];
  imported?: boolean;
}

/** The Request / Test / Mapping tabs of a saved API. */
export function ApiTabs(props: { id: number; name: string; active: "request" | "test" | "mapping" }) {
  const tab = (id: typeof props.active, href: string, label: string) => (
    <a href={href} aria-current={props.active === id ? "page" : undefined}>{label}</a>
  );
  return (
    <>
      <p class="crumbs">
        <a href="/apis">← Your APIs</a>
      </p>
      <h1>{props.name}</h1>
      <nav class="tabs">
        {tab("request", `/apis/${props.id}`, "Request")}
        {tab("test", `/apis/${props.id}/test`, "Test")}
        {tab("mapping", `/apis/${props.id}/mapping`, "Response mapping")}
      </nav>
    </>
  );
}

/** The API editor: import from cURL, then the request, then timeout and retries. */
export function ApiEditorPage(
  props: {
    csrf: string;
    id?: number;
    form: ApiForm;
    errors: Record<string, string>;
    attributes: string[];
    stored: Record<SecretInput, boolean>;
    notice: EditorNotice;
    curl: string;
    /** The saved name, shown in the heading while a refused rename is on screen. */
    storedName?: string;
  },
) {
  const { form, errors, notice } = props;
  const base = props.id === undefined ? "/apis" : `/apis/${props.id}`;
  return (
    <>
      {props.id === undefined
        ? (
          <>
            <p class="crumbs">
              <a href="/apis">← Your APIs</a>
            </p>
            <h1>New API</h1>
          </>
        )
        : <ApiTabs id={props.id} name={props.storedName ?? (form.name || "API")} active="request" />}
      <AttributeNames names={props.attributes} />
      <script src="/static/picker.js" defer></script>
      {notice.saved && (
        <div class="alert success" role="status">
          Saved. {props.id !== undefined && <a href={`/apis/${props.id}/test`}>Test it with real values →</a>}
        </div>
      )}
      {notice.unknown && notice.unknown.length > 0 && (
        <div class="alert warn" role="alert" id="unknown-placeholders">
          Unknown attributes:{" "}
          {notice.unknown.map((n) => <code key={n}>{`{{${n}}}`}</code>)}. They are sent as empty text until
          you <a href="/attributes">create them</a>.
        </div>
      )}
      {notice.imported && (
        <div class="alert success" role="status" id="curl-imported">
          Imported from cURL: check the fields below, then Save API.
          {notice.curlWarnings && notice.curlWarnings.length > 0 && (
            <ul>{notice.curlWarnings.map((w) => <li key={w}>{w}</li>)}</ul>
          )}
        </div>
      )}
      {Object.keys(errors).length > 0 && (
        <div class="alert error" role="alert">Some fields need fixing: see the messages beside them.</div>
      )}
      <form method="post" action={base} class="stack api-editor" id="api-editor">
        <Csrf token={props.csrf} />
        <details
          class="card curl-import"
          open={!!notice.curlError || (props.id === undefined && !notice.imported)}
        >
          <summary>Import from cURL</summary>
          <p class="help">
            Paste a <code>curl</code>{" "}
            command (e.g. “Copy as cURL” in your browser's developer tools): the form below fills in method,
            URL, query, headers, body and auth. Nothing is saved until you press Save API.
          </p>
          <Field label="cURL command" name="curl" error={notice.curlError}>
            <textarea
              id="curl"
              name="curl"
              rows={4}
              spellcheck={false}
              placeholder="curl https://api.example.com/orders/123 -H 'Accept: application/json'"
            >
              {props.curl}
            </textarea>
          </Field>
          <button
            type="submit"
            formaction={`${base}/import-curl`}
            formnovalidate
            class="small"
            id="curl-import"
          >
            Import
          </button>
        </details>

        <section class="card stack">
          <Field label="Name" name="name" error={errors.name} help="Flows call the API by this name.">
            <input id="name" name="name" value={form.name} placeholder="Get order" />
          </Field>
          <div class="method-url">
            <Field label="Method" name="method" error={errors.method}>
              <select id="method" name="method">
                {HTTP_METHODS.map((m) => <option key={m} value={m} selected={form.method === m}>{m}</option>)}
              </select>
            </Field>
            <Field
              label="URL"
              name="url"
              error={errors.url}
              help="Type / to insert an attribute, e.g. https://shop.example.com/orders/{{order_id}}. Not allowed in the host."
            >
              <input
                id="url"
                name="url"
                value={form.url}
                inputMode="url"
                autocomplete="off"
                spellcheck={false}
                data-placeholders=""
                placeholder="https://api.example.com/orders/"
              />
            </Field>
          </div>
          <KvRows
            kind="query"
            rows={form.query}
            label="Query parameters"
            help="Added to the URL, each value encoded. Type / in a value to insert an attribute."
          />
          <KvRows
            kind="headers"
            rows={form.headers}
            label="Headers"
            help="Sent as given; type / to insert an attribute."
          />
          <BodySection form={form} errors={errors} />
          <AuthSection form={form} errors={errors} stored={props.stored} />
          <div class="inline">
            <Field label="Timeout (ms)" name="timeoutMs" error={errors.timeoutMs} help="100 to 60000.">
              <input id="timeoutMs" name="timeoutMs" value={form.timeoutMs} inputMode="numeric" />
            </Field>
            <Field
              label="Retry attempts"
              name="retry"
              error={errors.retry}
              help="0 to 5 more tries after a 5xx, a 429 or no answer."
            >
              <input id="retry" name="retry" value={form.retry} inputMode="numeric" />
            </Field>
          </div>
        </section>
        <div class="row sticky-actions">
          <button type="submit" class="primary" id="save-api">Save API</button>
          {props.id !== undefined && <a href={`/apis/${props.id}/test`}>Test →</a>}
        </div>
      </form>
      {props.id !== undefined && (
        <PostButton action={`${base}/delete`} formClass="delete-api" csrf={props.csrf} class="danger small">
          Delete this API
        </PostButton>
      )}
    </>
  );
}
