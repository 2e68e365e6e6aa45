/** The `message` node: sends its text and goes on. */
import type { MessageNode } from "../types.ts";
import { renderText } from "../template.ts";
import { type Outcome, type Run, send } from "./shared.ts";

/** Sends the rendered text; continues to `next` (or ends). */
export function runMessage(node: MessageNode, run: Run): Outcome {
  send(run, {
    type: "text",
    text: renderText(node.text, run.conversation.attributes),
  });
  return { next: node.next ?? null };
}
