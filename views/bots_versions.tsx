import type { Bot, BotVersion } from "../db/bots.ts";
import type { DocumentError } from "../engine/bot_document.ts";
import { BotHeader, DocumentErrors } from "./bots.tsx";
import { formatTime } from "./format.ts";
import { EmptyState, PostButton } from "./layout.tsx";

/** The version history: every published version, with download and restore into the draft. */
export function VersionsPage(props: { csrf: string; bot: Bot; versions: BotVersion[] }) {
  const b = props.bot;
  return (
    <>
      <BotHeader bot={b} active="versions" />
      <p class="lead">
        Each publish stores an immutable version. Restoring one copies its flow into the draft (the current
        draft is replaced); publish again to make it live.
      </p>
      {props.versions.length === 0
        ? (
          <EmptyState title="Nothing published yet">
            Publish the draft from the <a href={`/bots/${b.id}/flow`}>flow editor</a>.
          </EmptyState>
        )
        : (
          <div class="card table-wrap">
            <table class="table versions-table">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Published</th>
                  <th>By</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {props.versions.map((v) => (
                  <tr id={`version-${v.version}`}>
                    <td>
                      <strong>v{v.version}</strong>{" "}
                      {v.version === b.publishedVersion && <span class="badge ok">live</span>}
                    </td>
                    <td>{formatTime(v.createdAt)}</td>
                    <td>{v.publishedBy ?? <span class="muted">API or CLI</span>}</td>
                    <td class="actions">
                      <a class="button small" href={`/bots/${b.id}/simulator?version=${v.version}`}>Try</a>
                      {" "}
                      <a class="button small" href={`/bots/${b.id}/versions/${v.version}/download`}>JSON</a>
                      {" "}
                      <PostButton
                        action={`/bots/${b.id}/versions/${v.version}/restore`}
                        csrf={props.csrf}
                        class="small"
                      >
                        Restore into draft
                      </PostButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
}

/** The answer to "Publish": the new version, or every error that refused it. */
export function PublishResult(props: { botId: number; version?: number; errors?: DocumentError[] }) {
  if (props.errors) {
    return <DocumentErrors errors={props.errors} title="Cannot publish: fix these first" />;
  }
  return (
    <div class="alert success" role="status">
      Published <strong>v{props.version}</strong>: new conversations use it.{" "}
      <a href={`/bots/${props.botId}/versions`}>Version history</a>
    </div>
  );
}
