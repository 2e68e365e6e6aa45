import type { QuestionNode } from "../../engine/types.ts";
import { type NodeView, opt, withoutUndefined } from "./view_kind.ts";

export const questionView: NodeView<QuestionNode> = {
  draft: (node, d) => ({
    ...d,
    text: node.text,
    input: node.input,
    attribute: node.attribute ?? "",
    invalid: node.invalid ?? "",
    next: node.next ?? "",
    choices: (node.choices ?? []).map((c) => ({
      id: c.id,
      title: c.title,
      value: c.value ?? "",
      next: c.next ?? "",
    })),
    ...(node.choicesFrom
      ? {
        choiceSource: "list" as const,
        list: {
          list: node.choicesFrom.list,
          title: node.choicesFrom.title,
          description: node.choicesFrom.description ?? "",
          value: node.choicesFrom.value,
          more: node.choicesFrom.more ?? "",
        },
        empty: node.empty ?? "",
      }
      : {}),
  }),
  candidate(d, id) {
    const fromList = d.input === "choice" && d.choiceSource === "list";
    return {
      id,
      type: d.type,
      text: d.text,
      input: d.input,
      attribute: opt(d.attribute),
      choicesFrom: fromList
        ? withoutUndefined({ ...d.list, description: opt(d.list.description), more: opt(d.list.more) })
        : undefined,
      empty: fromList ? opt(d.empty) : undefined,
      choices: d.input === "choice" && !fromList
        ? d.choices.map((c) => ({
          id: c.id.trim(),
          title: c.title.trim(),
          value: opt(c.value),
          next: opt(c.next),
        }))
        : undefined,
      invalid: opt(d.invalid),
      next: opt(d.next),
    };
  },
  says: (n) => (
    <>
      <p class="says">{n.text}</p>
      <p class="muted small">
        expects {n.input}
        {n.attribute && (
          <>
            , stores in <code>{n.attribute}</code>
          </>
        )}
      </p>
    </>
  ),
};
