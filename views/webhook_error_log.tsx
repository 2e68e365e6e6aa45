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
      {props.entries.length === 0 ? <p class="empty-log">No unreadable updates.</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>Received</th>
                <th>Where in the body</th>
                <th>Reason</th>
                <th>Update</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr class="unreadable" key={e.id}>
                  <td>{formatTime(e.at)}</td>
                  <td class="mono">{e.place}</td>
                  <td class="reason">{e.reason}</td>
                  <td>
                    {e.excerpt
                      ? (
                        <details>
                          <summary>Show</summary>
                          <pre class="mono excerpt">{e.excerpt}</pre>
                        </details>
                      )
                      : <span class="muted">the whole body</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
