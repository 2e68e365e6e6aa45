import type { FlowProblem } from "../engine/flow_check.ts";
import type { Flow, FlowNode } from "../engine/types.ts";
import type { NodeDraft } from "../routes/flow_draft.ts";
import { type FormOptions, NodeFormRow } from "./flow_form.tsx";

/** A node form open in the table: the row being edited (or `nodes.length` for a new one). */
export interface OpenForm {
  index: number;
  draft: NodeDraft;
  errors: Record<string, string>;
}

/**
 * The flow as a table, one row per node, with the validation summary above.
 * Every edit swaps this whole section (`hx-target` is inherited from it).
 */
export function FlowTable(
  props: { botId: number; flow: Flow; problems: FlowProblem[]; form?: OpenForm; options: FormOptions },
) {
  const { botId, flow, problems, form } = props;
  const base = `/bots/${botId}/flow`;
  const byIndex = problemsByIndex(problems);
  const ids = new Set(flow.nodes.map((n) => n.id));
  return (
    <section id="flow-table" class="flow-table" hx-target="this" hx-swap="outerHTML">
      <div class="spread flow-toolbar">
        <label class="row start-select">
          <span>Start at</span>
          <select
            name="start"
            hx-post={`${base}/start`}
            hx-trigger="change"
            disabled={flow.nodes.length === 0}
          >
            {flow.nodes.map((n, i) => (
              <option key={i} value={n.id} selected={n.id === flow.start}>{n.id}</option>
            ))}
            {!ids.has(flow.start) && <option value={flow.start} selected>{flow.start || "(none)"}</option>}
          </select>
        </label>
        <AddNode base={base} disabled={form !== undefined} />
      </div>
      <Summary problems={problems} flow={flow} />
      <div class="table-wrap card flow-card">
        <table class="table flow-nodes">
          <thead>
            <tr>
              <th class="order">Order</th>
              <th>Node</th>
              <th>Says or does</th>
              <th>Goes to</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {flow.nodes.map((node, i) =>
              form?.index === i
                ? (
                  <NodeFormRow
                    key={`form-${i}`}
                    botId={botId}
                    flow={flow}
                    {...form}
                    options={props.options}
                  />
                )
                : (
                  <NodeRow
                    base={base}
                    node={node}
                    index={i}
                    last={i === flow.nodes.length - 1}
                    start={node.id === flow.start}
                    problems={byIndex.get(i) ?? []}
                    ids={ids}
                    locked={form !== undefined}
                  />
                )
            )}
            {form && form.index >= flow.nodes.length && (
              <NodeFormRow botId={botId} flow={flow} {...form} options={props.options} />
            )}
          </tbody>
        </table>
        {flow.nodes.length === 0 && !form && (
          <p class="empty-flow muted">
            No nodes yet. Add the first one above: it becomes the start. A flow usually starts with a
            question.
          </p>
        )}
      </div>
    </section>
  );
}

function AddNode(props: { base: string; disabled: boolean }) {
  return (
    <form class="row add-node" hx-post={`${props.base}/nodes/new`}>
      <select name="type" aria-label="Type of the new node" disabled={props.disabled}>
        <option value="message">Message</option>
        <option value="question">Question</option>
        <option value="api">API call</option>
        <option value="condition">Condition</option>
        <option value="set">Set attribute</option>
        <option value="end">End</option>
      </select>
      <button type="submit" class="primary" disabled={props.disabled}>+ Add node</button>
    </form>
  );
}

function Summary(props: { problems: FlowProblem[]; flow: Flow }) {
  const errors = props.problems.filter((p) => p.level === "error");
  const warnings = props.problems.filter((p) => p.level === "warning");
  if (props.flow.nodes.length === 0) return null;
  if (props.problems.length === 0) {
    return (
      <div class="alert success flow-summary" role="status">
        No problems found: this draft can be published.
      </div>
    );
  }
  return (
    <div class={`alert ${errors.length > 0 ? "error" : "warn"} flow-summary`} role="status">
      <p>
        <strong>
          {errors.length} error{errors.length === 1 ? "" : "s"}, {warnings.length} warning
          {warnings.length === 1 ? "" : "s"}
        </strong>
        {errors.length > 0 ? ": publishing is refused until the errors are fixed." : "."}
      </p>
      <ul>
        {props.problems.map((p) => (
          <li class={p.level}>
            {p.nodeId !== null ? <a href={`#node-${p.nodeId}`}>{p.nodeId}</a> : <code>{p.path}</code>}{" "}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NodeRow(
  props: {
    base: string;
    node: FlowNode;
    index: number;
    last: boolean;
    start: boolean;
    problems: FlowProblem[];
    ids: Set<string>;
    locked: boolean;
  },
) {
  const { node, index, base } = props;
  const level = props.problems.some((p) => p.level === "error")
    ? " has-error"
    : props.problems.length > 0
    ? " has-warning"
    : "";
  const at = `${base}/nodes/${index}`;
  return (
    <tr id={`node-${node.id}`} class={`node-row${level}`} data-index={index}>
      <td class="order">
        <button
          type="button"
          class="small"
          title="Move up"
          disabled={index === 0 || props.locked}
          hx-post={`${at}/move`}
          hx-vals='{"by":"-1"}'
        >
          ↑
        </button>
        <button
          type="button"
          class="small"
          title="Move down"
          disabled={props.last || props.locked}
          hx-post={`${at}/move`}
          hx-vals='{"by":"1"}'
        >
          ↓
        </button>
      </td>
      <td class="node-id">
        <strong>{node.id}</strong>
        <br />
        <span class={`badge type-${node.type}`}>{TYPE_LABELS[node.type]}</span>
        {props.start && <span class="badge start">start</span>}
      </td>
      <td class="node-says">
        <Says node={node} />
        {props.problems.length > 0 && (
          <ul class="node-problems">
            {props.problems.map((p, i) => <li key={i} class={p.level}>{p.message}</li>)}
          </ul>
        )}
      </td>
      <td class="node-targets">
        <Targets node={node} ids={props.ids} />
      </td>
      <td class="actions">
        <button
          type="button"
          class="small"
          hx-get={`${at}/edit`}
          hx-target="closest tr"
          disabled={props.locked}
        >
          Edit
        </button>{" "}
        <button type="button" class="small" hx-post={`${at}/duplicate`} disabled={props.locked}>
          Duplicate
        </button>{" "}
        <button
          type="button"
          class="small danger"
          hx-post={`${at}/delete`}
          hx-confirm={`Delete the node "${node.id}"? Links to it will show as errors.`}
          disabled={props.locked}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

export const TYPE_LABELS: Record<FlowNode["type"], string> = {
  message: "message",
  question: "question",
  api: "API call",
  condition: "condition",
  set: "set",
  end: "end",
};

function Says(props: { node: FlowNode }) {
  const n = props.node;
  switch (n.type) {
    case "message":
      return <p class="says">{n.text}</p>;
    case "question":
      return (
        <>
          <p class="says">{n.text}</p>
          <p class="muted small">
            expects {n.input}
            {n.attribute && (
              <>
                , stores in <code>{n.attribute}</code>
              </>
            )}
          </p>
        </>
      );
    case "api":
      return (
        <p>
          calls <strong class="api-name">{n.api || "(no API)"}</strong>
        </p>
      );
    case "condition":
      return (
        <p class="muted">{n.rules.length} rule{n.rules.length === 1 ? "" : "s"}, first that holds wins</p>
      );
    case "set":
      return (
        <p>
          <code>{n.attribute}</code> = <code>{n.value}</code>
        </p>
      );
    case "end":
      return n.text ? <p class="says">{n.text}</p> : <p class="muted">ends the conversation</p>;
  }
}

function Targets(props: { node: FlowNode; ids: Set<string> }) {
  const list = targetsOf(props.node);
  if (list.length === 0) return <span class="muted">{props.node.type === "end" ? "—" : "(ends)"}</span>;
  return (
    <ul class="targets">
      {list.map(([label, id]) => (
        <li>
          {label && <span class="route-label">{label}</span>}
          {label && " → "}
          {props.ids.has(id)
            ? <a class="target" href={`#node-${id}`}>{id}</a>
            : <span class="target missing" title="No node has this id">{id} (missing)</span>}
        </li>
      ))}
    </ul>
  );
}

/** The labelled links of a node, in routing order: what the table and the diagram draw. */
export function targetsOf(node: FlowNode): [string, string][] {
  switch (node.type) {
    case "message":
    case "set":
      return node.next ? [["", node.next]] : [];
    case "question": {
      const out: [string, string][] = (node.choices ?? []).flatMap((c): [string, string][] =>
        c.next ? [[c.title, c.next]] : []
      );
      if (node.next) out.push([out.length > 0 ? "other choices" : "", node.next]);
      return out;
    }
    case "api": {
      const out: [string, string][] = node.routes.map((r) => [r.status, r.next]);
      if (node.others) out.push(["others", node.others]);
      return out;
    }
    case "condition": {
      const out: [string, string][] = node.rules.map((r) => [
        `${r.attribute} ${r.op}${r.value !== undefined ? ` ${r.value}` : ""}`,
        r.next,
      ]);
      if (node.else) out.push(["else", node.else]);
      return out;
    }
    case "end":
      return [];
  }
}

/** Problems by node index, from their `flow.nodes[3]…` paths. */
export function problemsByIndex(problems: FlowProblem[]): Map<number, FlowProblem[]> {
  const out = new Map<number, FlowProblem[]>();
  for (const p of problems) {
    const match = /^flow\.nodes\[(\d+)\]/.exec(p.path);
    if (!match) continue;
    const i = Number(match[1]);
    out.set(i, [...(out.get(i) ?? []), p]);
  }
  return out;
}
