import type { MessageNode } from "../../engine/types.ts";
import { type NodeView, opt } from "./view_kind.ts";

export const messageView: NodeView<MessageNode> = {
  draft: (node, d) => ({ ...d, text: node.text, next: node.next ?? "" }),
  candidate: (d, id) => ({ id, type: d.type, text: d.text, next: opt(d.next) }),
  says: (n) => <p class="says">{n.text}</p>,
};
