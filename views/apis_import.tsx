import type { ImportOutcome } from "../db/api_import.ts";
import type { ImportPlan } from "../engine/api_import/mod.ts";
import { Csrf, Field } from "./layout.tsx";

/** What the form holds, typed back after an error. */
export interface ImportForm {
  document: string;
  baseUrl: string;
}

/** Your APIs → Import: a Postman collection or an OpenAPI document, previewed before anything is written. */
export function ApisImportPage(
  props: {
    csrf: string;
    form: ImportForm;
    errors: Partial<Record<keyof ImportForm, string>>;
    preview?: Preview;
  },
) {
  return (
    <>
      <h1>Import APIs</h1>
      <p class="lead">
        Turn a Postman collection (v2.1 export) or an OpenAPI 3.0/3.1 document (JSON or YAML) into APIs: one
        per request or operation, named after it. You see what will be created, updated and skipped before
        anything is saved. Importing the same document again updates the APIs by name and keeps their mappings
        and secrets.
      </p>
      <ImportArea {...props} />
    </>
  );
}

/** The form and the preview below it: what htmx swaps on each preview. */
export function ImportArea(
  props: {
    csrf: string;
    form: ImportForm;
    errors: Partial<Record<keyof ImportForm, string>>;
    preview?: Preview;
  },
) {
  return (
    <div id="import-area">
      <form
        method="post"
        action="/apis/import/preview"
        enctype="multipart/form-data"
        class="card stack"
        id="import-form"
        hx-post="/apis/import/preview"
        hx-encoding="multipart/form-data"
        hx-target="#import-area"
        hx-swap="outerHTML"
      >
        <Csrf token={props.csrf} />
        <Field label="File" name="file" help="A .json, .yaml or .yml file; or paste the text below.">
          <input type="file" id="file" name="file" accept=".json,.yaml,.yml,application/json,text/yaml" />
        </Field>
        <Field label="Or paste the document" name="document" error={props.errors.document}>
          <textarea
            id="document"
            name="document"
            rows={8}
            spellcheck={false}
            aria-describedby={props.errors.document ? "document-error" : undefined}
            placeholder='{"info": {"name": "…", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/…"}, "item": […]}'
          >
            {props.form.document}
          </textarea>
        </Field>
        <Field
          label="Base URL (optional)"
          name="baseUrl"
          error={props.errors.baseUrl}
          help="Used when the document has no absolute server, or a Postman {{host}} has no value, e.g. https://api.example.com"
        >
          <input type="url" id="baseUrl" name="baseUrl" value={props.form.baseUrl} />
        </Field>
        <div>
          <button type="submit" class="primary" id="import-preview">Preview</button>{" "}
          <a href="/apis" class="button">Cancel</a>
        </div>
      </form>
      <ImportResult csrf={props.csrf} form={props.form} preview={props.preview} />
    </div>
  );
}

export interface Preview {
  plan: ImportPlan;
  outcome: ImportOutcome;
}

/** The preview and its confirmation form (the htmx swap target). */
export function ImportResult(props: { csrf: string; form: ImportForm; preview?: Preview }) {
  if (!props.preview) return <div id="import-result" />;
  const { plan, outcome } = props.preview;
  const byName = new Map(plan.apis.map((a) => [a.def.name, a]));
  const writes = outcome.created.length + outcome.updated.length;
  return (
    <section class="card stack" id="import-result" aria-labelledby="preview-title">
      <h2 id="preview-title">
        {plan.format === "postman" ? "Postman collection" : "OpenAPI document"} “{plan.title}”
      </h2>
      <p id="import-summary">
        <strong>{outcome.created.length}</strong> to create, <strong>{outcome.updated.length}</strong>{" "}
        to update, <strong>{outcome.skipped.length}</strong> skipped. Nothing is saved until you confirm.
      </p>
      {writes > 0 && (
        <div class="table-wrap">
          <table class="table" id="import-apis">
            <thead>
              <tr>
                <th>API</th>
                <th>Action</th>
                <th>Method</th>
                <th>URL</th>
                <th>Auth</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody>
              {[...outcome.created.map((n) => [n, "create"]), ...outcome.updated.map((n) => [n, "update"])]
                .map((
                  [name, action],
                ) => {
                  const api = byName.get(name)!;
                  return (
                    <tr key={name}>
                      <td>{name}</td>
                      <td>
                        <span class={`badge ${action === "create" ? "s2xx" : "s3xx"}`}>{action}</span>
                      </td>
                      <td>
                        <span class="badge method">{api.def.method}</span>
                      </td>
                      <td class="mono url-cell">{api.def.url}</td>
                      <td>{api.def.auth.type}</td>
                      <td class="muted">{api.notes.join(" ")}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </div>
      )}
      {outcome.attributesCreated.length > 0 && (
        <p id="import-attributes">
          New text attributes: <code>{outcome.attributesCreated.join(", ")}</code>
        </p>
      )}
      {plan.renamed.length > 0 && (
        <div>
          <p>Names changed to follow the attribute rules (lowercase letters, digits and _):</p>
          <ul id="import-renamed">
            {plan.renamed.map((r) => (
              <li key={r.from}>
                <code>{`{{${r.from}}}`}</code> → <code>{`{{${r.to}}}`}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {outcome.skipped.length > 0 && (
        <div>
          <p>Skipped (not imported):</p>
          <ul id="import-skipped">
            {outcome.skipped.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {writes > 0 && (
        <form method="post" action="/apis/import/apply" id="import-confirm">
          <Csrf token={props.csrf} />
          <input type="hidden" name="baseUrl" value={props.form.baseUrl} />
          <textarea name="document" hidden aria-hidden="true">{props.form.document}</textarea>
          <button type="submit" class="primary" id="import-apply">
            Import {writes} API{writes === 1 ? "" : "s"}
          </button>
        </form>
      )}
    </section>
  );
}
