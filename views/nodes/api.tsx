import type { ApiNode } from "../../engine/types.ts";
import { type NodeView, opt } from "./view_kind.ts";

export const apiView: NodeView<ApiNode> = {
  draft: (node, d) => ({
    ...d,
    api: node.api,
    routes: node.routes.map((r) => ({ ...r })),
    others: node.others ?? "",
  }),
  candidate: (d, id) => ({
    id,
    type: d.type,
    api: d.api,
    routes: d.routes.map((r) => ({ status: r.status.trim().toLowerCase(), next: r.next })),
    others: opt(d.others),
  }),
  says: (n) => (
    <p>
      calls <strong class="api-name">{n.api || "(no API)"}</strong>
    </p>
  ),
};
