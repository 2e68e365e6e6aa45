import type { KeyValue } from "../engine/types.ts";
import type { ApiForm, SecretInput } from "./apis_form.ts";
import { Field } from "./layout.tsx";

export type RowKind = "query" | "headers" | "form" | "multipart";

/** Key/value rows added and removed in place with htmx. */
export function KvRows(props: { kind: RowKind; rows: KeyValue[]; label: string; help: string }) {
  return (
    <fieldset class="kv">
      <legend>{props.label}</legend>
      <p class="help">{props.help}</p>
      <div id={`${props.kind}-rows`} class="kv-rows">
        {props.rows.map((row, i) => <KvRow key={i} kind={props.kind} row={row} />)}
      </div>
      <button
        type="button"
        class="small"
        hx-get={`/apis/rows/${props.kind}`}
        hx-target={`#${props.kind}-rows`}
        hx-swap="beforeend"
      >
        + Add {props.kind === "headers" ? "header" : props.kind === "query" ? "parameter" : "field"}
      </button>
    </fieldset>
  );
}

/** One key/value row. */
export function KvRow(props: { kind: RowKind; row?: KeyValue }) {
  return (
    <div class="kv-row">
      <input name={`${props.kind}_key`} value={props.row?.key ?? ""} placeholder="Key" aria-label="Key" />
      <input
        name={`${props.kind}_value`}
        value={props.row?.value ?? ""}
        placeholder="Value (type / for attributes)"
        aria-label="Value"
        data-placeholders=""
      />
      <button
        type="button"
        class="small remove"
        hx-get="/apis/rows/remove"
        hx-target="closest .kv-row"
        hx-swap="delete"
        aria-label="Remove row"
        title="Remove row"
      >
        ×
      </button>
    </div>
  );
}

/** The body section: none, JSON (checked as you type), form fields, multipart fields, raw text. */
export function BodySection(props: { form: ApiForm; errors: Record<string, string> }) {
  const { form, errors } = props;
  const types = [
    ["none", "None"],
    ["json", "JSON"],
    ["form", "Form fields"],
    ["multipart", "Multipart form"],
    [
      "text",
      "Raw text",
    ],
  ];
  return (
    <fieldset class="body-section">
      <legend>Body</legend>
      <div class="segmented" role="radiogroup" aria-label="Body type">
        {types.map(([value, label]) => (
          <label>
            <input type="radio" name="bodyType" value={value} checked={form.bodyType === value} /> {label}
          </label>
        ))}
      </div>
      <div class="when when-body-json">
        <Field
          label="JSON body"
          name="json"
          error={errors.json}
          help='Placeholders may stand alone as a value ({"total": {{total}}}) or inside a string ("id": "{{order_id}}").'
        >
          <textarea
            id="json"
            name="json"
            rows={8}
            data-placeholders=""
            hx-post="/apis/check-json"
            hx-trigger="input changed delay:400ms"
            hx-target="#json-check"
            spellcheck={false}
          >
            {form.json}
          </textarea>
        </Field>
        <p id="json-check" class="help" aria-live="polite"></p>
      </div>
      <div class="when when-body-form">
        <KvRows
          kind="form"
          rows={form.formFields}
          label="Form fields"
          help="Sent as application/x-www-form-urlencoded."
        />
      </div>
      <div class="when when-body-multipart">
        <KvRows
          kind="multipart"
          rows={form.multipartFields}
          label="Multipart form fields"
          help="Sent as multipart/form-data (what curl -F sends), text fields only: files cannot be attached."
        />
      </div>
      <div class="when when-body-text">
        <Field label="Raw body" name="text">
          <textarea id="text" name="text" rows={6} data-placeholders="" spellcheck={false}>
            {form.text}
          </textarea>
        </Field>
        <Field
          label="Content type"
          name="contentType"
          help={`Placeholders are encoded for it: XML types (text/xml, application/soap+xml …) escape & < > " ', JSON types render as a JSON body, any other type inserts values exactly as typed.`}
        >
          <input id="contentType" name="contentType" value={form.contentType} />
        </Field>
      </div>
    </fieldset>
  );
}

/** The authentication section; secrets are never rendered, only whether one is set. */
export function AuthSection(
  props: { form: ApiForm; errors: Record<string, string>; stored: Record<SecretInput, boolean> },
) {
  const { form, errors } = props;
  const secret = (name: SecretInput, label: string) => {
    const set = props.stored[name] || !!form.sealed[name];
    return (
      <Field
        label={label}
        name={name}
        error={errors[name]}
        help={form.sealed[name]
          // Typed into a form that was refused: held (encrypted) in the form, not saved until it saves.
          ? "The value you typed is kept for this form, not saved yet: it is saved (encrypted) when the API saves. Leave this empty to keep it; type a new one to replace it."
          : set
          ? "A value is saved (encrypted). Leave this empty to keep it; type a new one to replace it."
          : "Stored encrypted; never shown again after saving."}
      >
        <input
          id={name}
          name={name}
          type="password"
          autocomplete="off"
          value=""
          placeholder={set ? "•••••••• (unchanged)" : ""}
        />
        {form.sealed[name] && <input type="hidden" name={`sealed_${name}`} value={form.sealed[name]} />}
      </Field>
    );
  };
  return (
    <fieldset class="auth-section">
      <legend>Authentication</legend>
      <Field label="Type" name="authType" error={errors.authType}>
        <select id="authType" name="authType">
          <option value="none" selected={form.authType === "none"}>None</option>
          <option value="bearer" selected={form.authType === "bearer"}>Bearer token (JWT)</option>
          <option value="apiKey" selected={form.authType === "apiKey"}>API key</option>
          <option value="basic" selected={form.authType === "basic"}>Basic (username and password)</option>
          <option value="oauth2" selected={form.authType === "oauth2"}>OAuth 2.0 client credentials</option>
        </select>
      </Field>
      <div class="when when-auth-bearer">{secret("token", "Token")}</div>
      <div class="when when-auth-apiKey inline">
        <Field label="Send the key in" name="keyIn">
          <select id="keyIn" name="keyIn">
            <option value="header" selected={form.keyIn === "header"}>a header</option>
            <option value="query" selected={form.keyIn === "query"}>the query string</option>
          </select>
        </Field>
        <Field label="Header or parameter name" name="keyName" error={errors.keyName}>
          <input id="keyName" name="keyName" value={form.keyName} placeholder="X-API-Key" />
        </Field>
        {secret("keyValue", "Key value")}
      </div>
      <div class="when when-auth-basic inline">
        <Field label="Username" name="username">
          <input id="username" name="username" value={form.username} autocomplete="off" />
        </Field>
        {secret("password", "Password")}
      </div>
      <div class="when when-auth-oauth2 stack">
        <p class="help">
          Chatwire asks the token URL for an access token (client credentials grant), sends it as a bearer
          token, keeps it until shortly before it expires, and asks for a new one once when the API answers
          401.
        </p>
        <Field
          label="Token URL"
          name="tokenUrl"
          error={errors.tokenUrl}
          help="The same address rules apply as for the API's URL."
        >
          <input
            id="tokenUrl"
            name="tokenUrl"
            value={form.tokenUrl}
            placeholder="https://auth.example.com/oauth/token"
          />
        </Field>
        <div class="inline">
          <Field label="Client id" name="clientId" error={errors.clientId}>
            <input id="clientId" name="clientId" value={form.clientId} autocomplete="off" />
          </Field>
          {secret("clientSecret", "Client secret")}
        </div>
        <div class="inline">
          <Field label="Scope (optional)" name="scope" help="Space-separated, e.g. orders:read">
            <input id="scope" name="scope" value={form.scope} />
          </Field>
          <Field label="Audience (optional)" name="audience">
            <input id="audience" name="audience" value={form.audience} />
          </Field>
          <Field label="Client authentication" name="clientAuth">
            <select id="clientAuth" name="clientAuth">
              <option value="basic" selected={form.clientAuth !== "body"}>HTTP Basic header</option>
              <option value="body" selected={form.clientAuth === "body"}>In the form body</option>
            </select>
          </Field>
        </div>
      </div>
    </fieldset>
  );
}
