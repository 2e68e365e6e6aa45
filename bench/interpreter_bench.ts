/**
 * Measures the interpreter's cost per node: a 10,000-node flow of
 * set/condition/message chunks, each ended by a question so that every
 * inbound message runs 50 nodes (the per-message limit). Prints JSON:
 * the median ns per node over several runs.
 *
 *   deno run -A bench/interpreter_bench.ts [--runs 7] [--turns 2000]
 */
import type { FlowNode } from "../engine/types.ts";
import { newConversation, runnableFlow, step } from "../engine/step.ts";

const args = Deno.args;
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("runs", 7);
const TURNS = option("turns", 2000);
const CHUNKS = 200;
const CHUNK = 50;

function buildNodes(): FlowNode[] {
  const nodes: FlowNode[] = [];
  for (let c = 0; c < CHUNKS; c++) {
    const id = (i: number) => `c${c}n${i}`;
    for (let i = 0; i < CHUNK - 1; i++) {
      const next = id(i + 1);
      const kind = i % 3;
      if (kind === 0) {
        nodes.push({ id: id(i), type: "set", attribute: "count", value: `${i}`, next });
      } else if (kind === 1) {
        nodes.push({
          id: id(i),
          type: "condition",
          rules: [{ attribute: "count", op: "gt", value: "{{limit}}", next }],
          else: next,
        });
      } else {
        nodes.push({ id: id(i), type: "message", text: "Step {{count}} for {{sys.name}}", next });
      }
    }
    const after = c + 1 < CHUNKS ? `c${c + 1}n0` : "c0n0";
    nodes.push({ id: `c${c}n${CHUNK - 1}`, type: "question", text: "Go on?", input: "text", next: after });
  }
  return nodes;
}

const nodes = buildNodes();
const flow = runnableFlow({
  attributes: [{ name: "count", type: "number" }, { name: "limit", type: "number", default: 10 }],
  apis: [],
  flow: { start: nodes[0].id, nodes },
});

function run(): number {
  let conversation = newConversation(flow, 0);
  let ran = 0;
  const started = performance.now();
  for (let t = 0; t < TURNS; t++) {
    const result = step(flow, conversation, {
      type: "message",
      text: "yes",
      kind: "text",
      at: t,
      profileName: "Ann",
    });
    conversation = result.conversation;
    ran += conversation.nodesThisTurn;
  }
  return ((performance.now() - started) * 1e6) / ran;
}

run(); // warm-up: JIT and the node index
const samples = Array.from({ length: RUNS }, run).sort((a, b) => a - b);
console.log(JSON.stringify({
  benchmark: "interpreter step()",
  nodes: nodes.length,
  turns: TURNS,
  runs: RUNS,
  nsPerNode: Math.round(samples[Math.floor(samples.length / 2)]),
  minNsPerNode: Math.round(samples[0]),
}));
