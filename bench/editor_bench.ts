/**
 * Measures what the flow editor does on every edit of a 200-node flow:
 * check the flow (targets, reachability, limits) and render the table with
 * the diagram to HTML. Prints JSON with the median and worst ms per render.
 *
 *   deno run -A bench/editor_bench.ts [--runs 30] [--nodes 200]
 */
import { Fragment, h } from "preact";
import { renderToString } from "preact-render-to-string";
import { checkFlow } from "../engine/flow_check.ts";
import type { Flow, FlowNode } from "../engine/types.ts";
import { FlowDiagram } from "../views/diagram.tsx";
import { FlowTable } from "../views/flow_table.tsx";

const args = Deno.args;
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("runs", 30);
const NODES = option("nodes", 200);

/** Chunks of question → API (200/404/others) → two messages, like the order-status flow repeated. */
function buildFlow(): Flow {
  const nodes: FlowNode[] = [];
  const chunks = Math.ceil(NODES / 4);
  for (let c = 0; c < chunks; c++) {
    const next = c + 1 < chunks ? `ask${c + 1}` : "ask0";
    nodes.push(
      {
        id: `ask${c}`,
        type: "question",
        text: `Order number ${c}?`,
        input: "text",
        attribute: "order_id",
        next: `api${c}`,
      },
      {
        id: `api${c}`,
        type: "api",
        api: "Get order",
        routes: [{ status: "200", next: `found${c}` }, { status: "404", next: `missing${c}` }],
        others: `missing${c}`,
      },
      { id: `found${c}`, type: "message", text: "Order {{order_id}} is {{order_status}}.", next },
      { id: `missing${c}`, type: "message", text: "No order {{order_id}}.", next },
    );
  }
  return { start: "ask0", nodes: nodes.slice(0, NODES) };
}

const flow = buildFlow();
const context = { apis: ["Get order"], attributes: ["order_id", "order_status"] };
const options = { apis: context.apis, attributes: context.attributes, seenStatuses: [] };

function render(): number {
  const started = performance.now();
  const problems = checkFlow(flow, context);
  const html = renderToString(
    h(Fragment, null, [
      h(FlowTable, { botId: 1, flow, problems, options }),
      h(FlowDiagram, { flow, problems, oob: true }),
    ]),
  );
  if (html.length < 1000) throw new Error("Cannot bench: the editor rendered nothing");
  return performance.now() - started;
}

for (let i = 0; i < 3; i++) render();
const times = Array.from({ length: RUNS }, render).sort((a, b) => a - b);
console.log(JSON.stringify({
  bench: "flow editor: check + render table and diagram",
  nodes: flow.nodes.length,
  runs: RUNS,
  medianMs: Number(times[Math.floor(RUNS / 2)].toFixed(2)),
  maxMs: Number(times[RUNS - 1].toFixed(2)),
}));
