/** The `end` node: the last word of a conversation. */
import type { EndNode } from "../types.ts";
import { renderText } from "../template.ts";
import { type Outcome, type Run, send } from "./shared.ts";

/** Sends the rendered text, if any; the conversation then ends. */
export function runEnd(node: EndNode, run: Run): Outcome {
  if (node.text) {
    send(run, {
      type: "text",
      text: renderText(node.text, run.conversation.attributes),
    });
  }
  return { next: null };
}
