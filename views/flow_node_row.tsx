import { viewOf } from "./nodes/mod.ts";
import type { FlowProblem } from "../engine/flow_check.ts";
import type { FlowNode } from "../engine/types.ts";
import { targetsOf, TYPE_LABELS } from "./flow_targets.ts";

/** One node of the flow table: its order buttons, what it says or does, where it goes, its actions. */
export function NodeRow(
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

function Says(props: { node: FlowNode }) {
  return viewOf(props.node).says(props.node);
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
