import type { ApiSummary } from "../db/apis.ts";
import { formatTime } from "./format.ts";
import { EmptyState } from "./layout.tsx";

/** Developers → Your APIs: every API with its last test and the bots using it. */
export function ApisListPage(
  props: { apis: ApiSummary[]; refused?: { name: string; users: string[] }; imported?: number[] },
) {
  return (
    <>
      <div class="spread">
        <h1>Your APIs</h1>
        <div>
          <a class="button" href="/apis/import" id="import-apis">Import</a>{" "}
          <a class="button primary" href="/apis/new">+ New API</a>
        </div>
      </div>
      <p class="lead">
        The REST APIs your bots call. Each one is shared by every bot in this workspace: define it once, test
        it with real values, map its response into attributes, then use it in an API node of a flow.
      </p>
      {props.imported && (
        <div class="alert success" role="status" id="import-done">
          Imported: {props.imported[0]} created, {props.imported[1]} updated, {props.imported[2]} skipped.
        </div>
      )}
      {props.refused && (
        <div class="alert error" role="alert">
          <p>Cannot delete API "{props.refused.name}": flows still call it. Change these nodes first:</p>
          <ul>{props.refused.users.map((u) => <li key={u}>{u}</li>)}</ul>
        </div>
      )}
      {props.apis.length === 0
        ? (
          <EmptyState title="No APIs yet">
            <p>Add one by hand, paste a cURL command, or import a Postman collection or OpenAPI document.</p>
            <a class="button primary" href="/apis/new">+ New API</a>
          </EmptyState>
        )
        : (
          <section class="card table-wrap">
            <table class="table" id="apis">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Method</th>
                  <th>URL</th>
                  <th>Last test</th>
                  <th>Used by</th>
                </tr>
              </thead>
              <tbody>
                {props.apis.map((api) => (
                  <tr>
                    <td>
                      <a href={`/apis/${api.id}`}>{api.name}</a>
                    </td>
                    <td>
                      <span class="badge method">{api.method}</span>
                    </td>
                    <td class="mono url-cell">{api.url}</td>
                    <td>
                      <StatusBadge status={api.lastTestStatus} />{" "}
                      <span class="muted">{api.lastTestAt ? formatTime(api.lastTestAt) : "not tested"}</span>
                    </td>
                    <td>
                      {api.usedBy.length ? api.usedBy.join(", ") : <span class="muted">no bot yet</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
    </>
  );
}

/** A status code as a coloured badge (`0` reads "no response"). */
export function StatusBadge(props: { status: number | null | undefined }) {
  if (props.status === null || props.status === undefined) return null;
  const cls = `s${Math.floor(props.status / 100)}xx`;
  return <span class={`badge ${cls}`}>{props.status === 0 ? "no response" : props.status}</span>;
}
