import type { EndNode } from "../../engine/types.ts";
import { type NodeView, opt } from "./view_kind.ts";

export const endView: NodeView<EndNode> = {
  draft: (node, d) => ({ ...d, text: node.text ?? "" }),
  candidate: (d, id) => ({ id, type: d.type, text: opt(d.text) }),
  says: (n) => n.text ? <p class="says">{n.text}</p> : <p class="muted">ends the conversation</p>,
};
