import type { Bot } from "../db/bots.ts";
import type { FlowProblem } from "../engine/flow_check.ts";
import type { Flow } from "../engine/types.ts";
import { AttributeNames } from "./attribute_names.tsx";
import { BotHeader } from "./bots.tsx";
import { FlowDiagram } from "./diagram.tsx";
import type { FormOptions } from "./flow_form.tsx";
import { FlowTable, type OpenForm } from "./flow_table.tsx";

/** The flow editor page: the table (with its validation) beside the diagram, and "Publish". */
export function FlowEditorPage(
  props: {
    bot: Bot;
    flow: Flow;
    problems: FlowProblem[];
    options: FormOptions;
    form?: OpenForm;
    notice?: string;
  },
) {
  const b = props.bot;
  return (
    <>
      <BotHeader bot={b} active="flow" />
      {/* The node forms come and go with htmx; picker.js listens on document, so they need nothing more. */}
      <AttributeNames names={props.options.attributes} />
      <script src="/static/picker.js" defer></script>
      {props.notice && <div class="alert success" role="status">{props.notice}</div>}
      <div class="spread publish-bar">
        <p class="help">
          You are editing the{" "}
          <strong>draft</strong>; every change is saved at once. Publishing checks it and makes it the version
          new conversations use.
        </p>
        <div class="row">
          <a class="button" href={`/bots/${b.id}/simulator`}>Try in simulator</a>
          <button type="button" class="primary" hx-post={`/bots/${b.id}/publish`} hx-target="#publish-result">
            Publish
          </button>
        </div>
      </div>
      <div id="publish-result"></div>
      <div class="flow-editor">
        <FlowTable
          botId={b.id}
          flow={props.flow}
          problems={props.problems}
          form={props.form}
          options={props.options}
        />
        <FlowDiagram flow={props.flow} problems={props.problems} botId={b.id} />
      </div>
    </>
  );
}
