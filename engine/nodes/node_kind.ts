/**
 * What a node type knows about itself (STYLE "One file per node type"):
 * how it runs, where it links to and how those links are rewritten, which
 * templates it renders, which attributes it reads and writes, and its
 * checks. The flow check, the usage lists, the export, the editor and the
 * diagram ask these descriptors instead of switching on `node.type`.
 */
import type { FlowNode } from "../types.ts";
import type { Outcome, Run } from "./shared.ts";

/** A link to another node: its document path (`.routes[0].next`), its label in pages, its target id. */
export interface NodeLink {
  path: string;
  label: string;
  target: string;
}

/** A text or field of a node with its document path (`.text`, `.rules[0].value`). */
export type Located = [path: string, value: string];

/** What a node's checks may look at and report to. */
export interface CheckContext {
  /** Declared attribute names (the document's and the workspace's). */
  declared: Set<string>;
  /** API names the flow may call. */
  apis: Set<string>;
  add: (path: string, message: string, level?: "error" | "warning") => void;
}

/** The descriptor of one node type. */
export interface NodeKind<N extends FlowNode> {
  /** How the table and the diagram name the type. */
  label: string;
  /** Runs the node when the walk reaches it. */
  run(node: N, run: Run): Outcome;
  /** Its links to other nodes, in routing order. */
  links(node: N): NodeLink[];
  /** The node with every link to `from` pointing at `to`. */
  retarget(node: N, from: string, to: string): N;
  /** The texts WhatsApp users see (limited to 4096 characters). */
  texts(node: N): Located[];
  /** Every template rendered over the contact's attributes: its `{{name}}`s are uses of `name`. */
  templates(node: N): Located[];
  /** Attribute fields the node reads (not counting placeholders). */
  reads(node: N): Located[];
  /** Attribute fields the node writes. */
  writes(node: N): Located[];
  /** The APIs the node calls. */
  apis(node: N): string[];
  /** Checks of its own beyond links, texts and attributes. */
  check(node: N, context: CheckContext): void;
  /** One line for the diagram's box. */
  summary(node: N): string;
}

/** `[[path, value]]` when the value is there, else `[]`. */
export function located(path: string, value: string | undefined): Located[] {
  return value === undefined ? [] : [[path, value]];
}

/** The link at `path` when the target is set. */
export function link(path: string, label: string, target: string | undefined): NodeLink[] {
  return target === undefined ? [] : [{ path, label, target }];
}

/** `id`, or `to` when it is `from`. */
export function moved<T extends string | undefined>(id: T, from: string, to: string): T | string {
  return id === from ? to : id;
}
