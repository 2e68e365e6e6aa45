/**
 * A JSON value as a collapsible tree, server-rendered with
 * <details>/<summary>: no script, works with the keyboard.
 */

const OPEN_DEPTH = 2;
const MAX_NODES = 2000;

/** Renders `value` (parsed JSON); the first levels start open. */
export function JsonTree(props: { value: unknown }) {
  const budget = { left: MAX_NODES };
  return (
    <div class="json-tree">
      <Node name={null} value={props.value} depth={0} budget={budget} />
      {budget.left <= 0 && <p class="help">The response is too large to show whole; the tree is cut.</p>}
    </div>
  );
}

function Node(props: { name: string | null; value: unknown; depth: number; budget: { left: number } }) {
  const { name, value, depth, budget } = props;
  budget.left--;
  const label = name === null ? null : <span class="jt-key">{name}:</span>;
  if (value === null || typeof value !== "object") {
    return (
      <div class="jt-leaf">
        {label} <span class={`jt-${value === null ? "null" : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [`[${i}]`, item])
    : Object.entries(value);
  const summary = Array.isArray(value)
    ? `[ ${entries.length} item${entries.length === 1 ? "" : "s"} ]`
    : `{ ${entries.length} key${entries.length === 1 ? "" : "s"} }`;
  return (
    <details open={depth < OPEN_DEPTH}>
      <summary>
        {label} <span class="muted">{summary}</span>
      </summary>
      <div class="jt-children">
        {entries.map(([key, child]) =>
          budget.left > 0
            ? <Node key={key} name={key} value={child} depth={depth + 1} budget={budget} />
            : null
        )}
      </div>
    </details>
  );
}
