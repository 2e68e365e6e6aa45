/** A bot's Insights tab: messages and API calls over time, the slowest and most failing APIs. */
import type { Bot } from "../db/bots.ts";
import { type ApiInsight, type InsightBucket, type Period, PERIODS } from "../db/insights.ts";
import { BotHeader } from "./bots.tsx";
import { CallsChart, MessagesChart } from "./insights_chart.tsx";

export function InsightsPage(
  props: { bot: Bot; period: Period; buckets: InsightBucket[]; apis: ApiInsight[]; behind: boolean },
) {
  const { bucketHours } = PERIODS[props.period];
  const inTotal = props.buckets.reduce((a, b) => a + b.in, 0);
  const outTotal = props.buckets.reduce((a, b) => a + b.out, 0);
  const slowest = props.apis.filter((a) => a.p95 !== null).sort((a, b) => b.p95! - a.p95!).slice(0, 5);
  const failing = props.apis.filter((a) => a.failures > 0)
    .sort((a, b) => b.failures / b.calls - a.failures / a.calls).slice(0, 5);
  return (
    <>
      <BotHeader bot={props.bot} active="insights" />
      <PeriodPicker base={`/bots/${props.bot.id}/insights`} period={props.period} />
      {props.behind && (
        <p class="alert warn" role="status">
          Still counting older conversations: the figures grow as you reload.
        </p>
      )}
      <section class="card">
        <h2>Messages</h2>
        <p class="help">
          <strong id="messages-in">{inTotal}</strong> in, <strong id="messages-out">{outTotal}</strong>{" "}
          out in the last {PERIODS[props.period].label} (WhatsApp only; the simulator is not counted).
        </p>
        <MessagesChart buckets={props.buckets} bucketHours={bucketHours} />
      </section>
      <section class="card">
        <h2>API calls</h2>
        <CallsChart buckets={props.buckets} bucketHours={bucketHours} />
      </section>
      <div class="grid2">
        <section class="card" id="slowest-apis">
          <h2>Slowest APIs</h2>
          <ApiTable apis={slowest} empty="No API calls in this period." />
        </section>
        <section class="card" id="failing-apis">
          <h2>Most failing APIs</h2>
          <ApiTable apis={failing} empty="No failed calls (5xx or no response) in this period." failures />
        </section>
      </div>
    </>
  );
}

/** Links choosing the period; the current one is marked. */
export function PeriodPicker(props: { base: string; period: Period; extra?: string }) {
  return (
    <nav class="tabs period-picker" aria-label="Period">
      {(Object.keys(PERIODS) as Period[]).map((p) => (
        <a
          key={p}
          href={`${props.base}?period=${p}${props.extra ?? ""}`}
          aria-current={p === props.period ? "page" : undefined}
        >
          {PERIODS[p].label}
        </a>
      ))}
    </nav>
  );
}

function ApiTable(props: { apis: ApiInsight[]; empty: string; failures?: boolean }) {
  if (props.apis.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <table class="table">
      <thead>
        <tr>
          <th>API</th>
          <th>Calls</th>
          <th>{props.failures ? "Failed" : "p50 / p95"}</th>
        </tr>
      </thead>
      <tbody>
        {props.apis.map((a) => (
          <tr key={a.apiId} data-api={a.name}>
            <td>
              <a href={`/logs?api=${encodeURIComponent(a.name)}${props.failures ? "&status=5xx" : ""}`}>
                {a.name}
              </a>
            </td>
            <td>{a.calls}</td>
            <td>
              {props.failures
                ? `${a.failures} (${Math.round((a.failures / a.calls) * 100)} %)`
                : `${a.p50} ms / ${a.p95} ms`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
