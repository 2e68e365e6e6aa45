import type { SetNode } from "../../engine/types.ts";
import { type NodeView, opt } from "./view_kind.ts";

export const setView: NodeView<SetNode> = {
  draft: (node, d) => ({ ...d, attribute: node.attribute, value: node.value, next: node.next ?? "" }),
  candidate: (d, id) => ({ id, type: d.type, attribute: d.attribute, value: d.value, next: opt(d.next) }),
  says: (n) => (
    <p>
      <code>{n.attribute}</code> = <code>{n.value}</code>
    </p>
  ),
};
