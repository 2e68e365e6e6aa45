/**
 * The channel page's webhook error log (DESIGN §6): the last 50 updates Meta
 * sent that could not be read, and bodies refused with 400, each with its
 * place in the body and the reason. The rest of such a body was handled.
 */
import type { UnreadableEntry } from "../db/webhook_unreadable.ts";
import { formatTime } from "./format.ts";

export function WebhookErrorLog(props: { entries: UnreadableEntry[] }) {
  return (
    <section class="card webhook-error-log" id="webhook-error-log">
      <h2>Webhook error log</h2>
      <p class="muted">
        Updates from Meta that Chatwire could not read (for example a message without a sender or with a bad
        timestamp), newest first; the last 50 are kept. The other updates of the same webhook were stored and
        answered, and Meta got its 200.
      </p>
      {props.entries.length === 0
        ? <p class="empty-log">No unreadable updates.</p>
        : (
          <ol class="unreadable-list">
            {props.entries.map((e) => (
              <li class="unreadable" key={e.id}>
                <dl class="facts">
                  <dt>Received</dt>
                  <dd>{formatTime(e.at)}</dd>
                  <dt>Where</dt>
                  <dd>
                    <code class="token">
                      {e.place === "body" ? "the whole body (refused with 400)" : e.place}
                    </code>
                  </dd>
                  <dt>Reason</dt>
                  <dd class="reason">{e.reason}</dd>
                </dl>
                {e.excerpt && (
                  <details>
                    <summary>The update as Meta sent it</summary>
                    <pre class="raw-body excerpt">{e.excerpt}</pre>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}
