import type { FlowProblem } from "../engine/flow_check.ts";
import type { Flow } from "../engine/types.ts";
import type { NodeDraft } from "./flow_draft.ts";
import { type FormOptions, NodeFormRow } from "./flow_form.tsx";
import { NodeRow } from "./flow_node_row.tsx";
import { problemsByIndex } from "./flow_targets.ts";

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
        No problems found in this draft.
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
