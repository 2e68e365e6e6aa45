import { SYSTEM_ATTRIBUTES } from "../engine/nodes/shared.ts";

/**
 * The JSON list the `/` picker (static/picker.js) offers: the workspace's
 * attributes and the system ones. Render it once per page, beside
 * `<script src="/static/picker.js" defer>`; fields opt in with `data-placeholders`.
 */
export function AttributeNames(props: { names: string[] }) {
  const all = [...props.names, ...SYSTEM_ATTRIBUTES];
  // Names are [a-z0-9_.] only, but "<" is escaped anyway so the script can never be closed early.
  const json = JSON.stringify(all).replaceAll("<", "\\u003c");
  return <script type="application/json" id="attribute-names" dangerouslySetInnerHTML={{ __html: json }} />;
}
