/** Server-side SVG charts for Insights: lines for messages, stacked bars for API calls by status class. */
import type { InsightBucket } from "../db/insights.ts";

const WIDTH = 720;
const HEIGHT = 200;
const LEFT = 40;
const BOTTOM = 24;
const TOP = 10;

export const CLASS_COLOURS: [string, string][] = [
  ["2xx", "#1a7f37"],
  ["3xx", "#5b8def"],
  ["4xx", "#c9a400"],
  ["5xx", "#c0362c"],
  ["error", "#7a8494"],
];

/** Messages in and out per bucket, as two lines. */
export function MessagesChart(props: { buckets: InsightBucket[]; bucketHours: number }) {
  const max = niceMax(Math.max(0, ...props.buckets.flatMap((b) => [b.in, b.out])));
  const series: [string, string, (b: InsightBucket) => number][] = [
    ["in", "#5b8def", (b) => b.in],
    ["out", "#1a7f37", (b) => b.out],
  ];
  return (
    <Frame
      label={`Messages in and out, per ${bucketWord(props.bucketHours)}`}
      max={max}
      buckets={props.buckets}
      bucketHours={props.bucketHours}
    >
      {series.map(([name, colour, value]) => (
        <polyline
          key={name}
          class={`series-${name}`}
          fill="none"
          stroke={colour}
          stroke-width="2"
          points={props.buckets.map((b, i) => `${x(i, props.buckets.length)},${y(value(b), max)}`).join(" ")}
        />
      ))}
      <Legend items={[["in", "#5b8def"], ["out", "#1a7f37"]]} />
    </Frame>
  );
}

/** API calls per bucket, stacked by status class. */
export function CallsChart(props: { buckets: InsightBucket[]; bucketHours: number }) {
  const totals = props.buckets.map((b) => Object.values(b.calls).reduce((a, n) => a + n, 0));
  const max = niceMax(Math.max(0, ...totals));
  const n = props.buckets.length;
  const barWidth = Math.max(2, (WIDTH - LEFT - 10) / n - 2);
  return (
    <Frame
      label={`API calls by status class, per ${bucketWord(props.bucketHours)}`}
      max={max}
      buckets={props.buckets}
      bucketHours={props.bucketHours}
    >
      {props.buckets.map((b, i) => {
        let base = 0;
        return (
          <g key={i} class="bar">
            {CLASS_COLOURS.filter(([c]) => (b.calls[c] ?? 0) > 0).map(([c, colour]) => {
              const value = b.calls[c];
              const top = y(base + value, max);
              const bottom = y(base, max);
              base += value;
              return (
                <rect
                  key={c}
                  data-class={c}
                  x={x(i, n) - barWidth / 2}
                  y={top}
                  width={barWidth}
                  height={Math.max(0.5, bottom - top)}
                  fill={colour}
                >
                  <title>{`${c}: ${value}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      <Legend items={CLASS_COLOURS} />
    </Frame>
  );
}

function Frame(
  props: {
    label: string;
    max: number;
    buckets: InsightBucket[];
    bucketHours: number;
    children: preact.ComponentChildren;
  },
) {
  const n = props.buckets.length;
  const ticks = [0, props.max / 2, props.max];
  const every = Math.max(1, Math.ceil(n / 6));
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={props.label}
      xmlns="http://www.w3.org/2000/svg"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LEFT} x2={WIDTH - 4} y1={y(t, props.max)} y2={y(t, props.max)} stroke="#e3e6eb" />
          <text x={LEFT - 6} y={y(t, props.max) + 4} text-anchor="end" font-size="10" fill="#667085">
            {formatCount(t)}
          </text>
        </g>
      ))}
      {props.buckets.map((b, i) =>
        i % every === 0
          ? (
            <text key={i} x={x(i, n)} y={HEIGHT - 6} text-anchor="middle" font-size="10" fill="#667085">
              {tickLabel(b.start, props.bucketHours)}
            </text>
          )
          : null
      )}
      {props.children}
    </svg>
  );
}

function Legend(props: { items: [string, string][] }) {
  return (
    <g class="legend">
      {props.items.map(([name, colour], i) => (
        <g key={name}>
          <rect x={LEFT + 8 + i * 64} y={TOP} width={10} height={10} fill={colour} />
          <text x={LEFT + 22 + i * 64} y={TOP + 9} font-size="10" fill="#344054">{name}</text>
        </g>
      ))}
    </g>
  );
}

function x(i: number, n: number): number {
  const span = WIDTH - LEFT - 14;
  return Math.round((LEFT + 8 + (n <= 1 ? span / 2 : (i * span) / (n - 1))) * 10) / 10;
}

function y(value: number, max: number): number {
  const span = HEIGHT - BOTTOM - TOP - 16;
  return Math.round((HEIGHT - BOTTOM - (max === 0 ? 0 : (value / max) * span)) * 10) / 10;
}

function niceMax(max: number): number {
  if (max <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

function formatCount(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(Math.round(n));
}

function bucketWord(hours: number): string {
  return hours === 1 ? "hour" : hours === 24 ? "day" : `${hours} hours`;
}

function tickLabel(start: number, bucketHours: number): string {
  const d = new Date(start);
  const pad = (n: number) => String(n).padStart(2, "0");
  return bucketHours >= 24
    ? `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}`
    : `${pad(d.getUTCHours())}:00`;
}
