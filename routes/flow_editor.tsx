import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { seenStatuses } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import { findListSample } from "../db/list_sample.ts";
import { previewList } from "../engine/list_sample.ts";
import { attributesOfNode } from "../engine/nodes/mod.ts";
import { ListPreview, type ListSample } from "../views/flow_form_list.tsx";
import { type Bot, flowContext, saveDraft } from "../db/bots.ts";
import { checkFlow, type FlowContext, type FlowProblem } from "../engine/flow_check.ts";
import type { Flow, NodeType } from "../engine/types.ts";
import { FlowDiagram } from "../views/diagram.tsx";
import { FlowEditorPage } from "../views/flow_editor.tsx";
import { type FormOptions, NodeFormRow } from "../views/flow_form.tsx";
import { FlowTable, type OpenForm } from "../views/flow_table.tsx";
import { fragment, page } from "../views/render.tsx";
import { loadBot } from "./bots_load.ts";
import type { AppEnv } from "../deps.ts";
import {
  applyFormOp,
  draftFromForm,
  draftFromNode,
  emptyDraft,
  NODE_TYPES,
  type NodeDraft,
  nodeFromDraft,
} from "../views/flow_draft.ts";
import {
  deleteNode,
  duplicateNode,
  linkNewNodes,
  moveNode,
  NEW_TARGET_PREFIX,
  saveNode,
  uniqueId,
} from "../engine/flow_edit.ts";

/**
 * The flow table editor (`/bots/{id}/flow`). Every edit saves the draft and
 * answers the table with the diagram as an out-of-band swap.
 */
export const flowEditor = new Hono<AppEnv>();

flowEditor.get("/:id/flow", async (c) => {
  const bot = await loadBot(c);
  const context = await flowContext(c.var.deps.db);
  const restored = c.req.query("restored");
  const notice = restored
    ? `Version ${restored} was copied into the draft${lacking(bot.draftFlow, context)}`
    : c.req.query("imported")
    ? "Imported: the document is now this bot's draft"
    : undefined;
  return page(
    c,
    { title: `${bot.name}: flow`, area: "bots" },
    <FlowEditorPage
      bot={bot}
      flow={bot.draftFlow}
      problems={problemsOf(bot.draftFlow, context)}
      options={await formOptions(c, context)}
      notice={notice}
    />,
  );
});

flowEditor.get("/:id/flow/table", async (c) => {
  const bot = await loadBot(c);
  return await editor(c, bot.draftFlow);
});

flowEditor.post("/:id/flow/start", async (c) => {
  const bot = await loadBot(c);
  const start = String((await c.req.parseBody()).start ?? "");
  return await save(c, bot, { ...bot.draftFlow, start });
});

flowEditor.post("/:id/flow/nodes/new", async (c) => {
  const bot = await loadBot(c);
  const raw = String((await c.req.parseBody()).type ?? "message");
  const type = NODE_TYPES.includes(raw as NodeType) ? raw as NodeType : "message";
  const flow = bot.draftFlow;
  const draft = emptyDraft(type, uniqueId(flow, type === "api" ? "call" : type));
  // DESIGN §5: a new API node starts with an "others" route, so that failures get a reply.
  if (type === "api") draft.others = `${NEW_TARGET_PREFIX}end`;
  return await editor(c, flow, { index: flow.nodes.length, draft, errors: {} });
});

flowEditor.get("/:id/flow/nodes/:index/edit", async (c) => {
  const bot = await loadBot(c);
  const index = nodeIndex(c, bot.draftFlow, false);
  return await formRow(c, bot.draftFlow, {
    index,
    draft: draftFromNode(bot.draftFlow.nodes[index]),
    errors: {},
  });
});

flowEditor.post("/:id/flow/nodes/:index/form", async (c) => {
  const bot = await loadBot(c);
  const index = nodeIndex(c, bot.draftFlow, true);
  const form = await c.req.parseBody({ all: true });
  const draft = applyFormOp(draftFromForm(form), String(form.op ?? ""));
  return await formRow(c, bot.draftFlow, { index, draft, errors: {} });
});

flowEditor.post("/:id/flow/nodes/:index/form/list-preview", async (c) => {
  const bot = await loadBot(c);
  nodeIndex(c, bot.draftFlow, true);
  const draft = draftFromForm(await c.req.parseBody({ all: true }));
  return fragment(c, <ListPreview sample={await listSampleOf(c, { ...draft, choiceSource: "list" })} />);
});

flowEditor.post("/:id/flow/nodes/:index", async (c) => {
  const bot = await loadBot(c);
  const flow = bot.draftFlow;
  const index = nodeIndex(c, flow, true);
  const draft = draftFromForm(await c.req.parseBody({ all: true }));
  const result = nodeFromDraft(draft);
  const errors = result.ok ? {} : result.errors;
  if (flow.nodes.some((n, i) => i !== index && n.id === draft.id.trim())) {
    errors.id = `Another node already has the id "${draft.id.trim()}"`;
  }
  if (!result.ok || Object.keys(errors).length > 0) {
    // htmx swaps only 2xx answers: the form comes back in place of itself.
    c.header("HX-Retarget", "#node-form");
    c.header("HX-Reswap", "outerHTML");
    return await formRow(c, flow, { index, draft, errors });
  }
  return await save(c, bot, linkNewNodes(saveNode(flow, index, result.node), index));
});

flowEditor.post("/:id/flow/nodes/:index/move", async (c) => {
  const bot = await loadBot(c);
  const index = nodeIndex(c, bot.draftFlow, false);
  const by = String((await c.req.parseBody()).by) === "-1" ? -1 : 1;
  return await save(c, bot, moveNode(bot.draftFlow, index, by));
});

flowEditor.post("/:id/flow/nodes/:index/duplicate", async (c) => {
  const bot = await loadBot(c);
  return await save(c, bot, duplicateNode(bot.draftFlow, nodeIndex(c, bot.draftFlow, false)));
});

flowEditor.post("/:id/flow/nodes/:index/delete", async (c) => {
  const bot = await loadBot(c);
  return await save(c, bot, deleteNode(bot.draftFlow, nodeIndex(c, bot.draftFlow, false)));
});

async function save(c: Context<AppEnv>, bot: Bot, flow: Flow): Promise<Response> {
  await saveDraft(c.var.deps.db, bot.id, flow);
  return await editor(c, flow);
}

/** The table (with its validation marks) and the diagram out of band. */
async function editor(c: Context<AppEnv>, flow: Flow, form?: OpenForm): Promise<Response> {
  const context = await flowContext(c.var.deps.db);
  const problems = problemsOf(flow, context);
  const options = await formOptions(c, context, form?.draft);
  return fragment(
    c,
    <>
      <FlowTable
        botId={Number(c.req.param("id"))}
        flow={flow}
        problems={problems}
        form={form}
        options={options}
      />
      <FlowDiagram flow={flow} problems={problems} oob botId={Number(c.req.param("id"))} />
      {/* An earlier "Cannot publish" list is stale once the flow changed. */}
      <div id="publish-result" hx-swap-oob="true"></div>
    </>,
  );
}

async function formRow(c: Context<AppEnv>, flow: Flow, form: OpenForm): Promise<Response> {
  const options = await formOptions(c, await flowContext(c.var.deps.db), form.draft);
  return fragment(
    c,
    <NodeFormRow botId={Number(c.req.param("id"))} flow={flow} {...form} options={options} />,
  );
}

/** ": it uses attributes that no longer exist: a, b" for a restored version naming deleted attributes. */
function lacking(flow: Flow, context: FlowContext): string {
  const declared = new Set(context.attributes);
  const missing = [...new Set(flow.nodes.flatMap(attributesOfNode))]
    .filter((name) => !name.startsWith("sys.") && !declared.has(name));
  return missing.length === 0 ? "" : `; it uses attributes that no longer exist: ${missing.join(", ")}`;
}

/** The editor's problems: none to show for an empty flow (it only needs a first node). */
export function problemsOf(flow: Flow, context: FlowContext): FlowProblem[] {
  return flow.nodes.length === 0 ? [] : checkFlow(flow, context);
}

async function formOptions(
  c: Context<AppEnv>,
  context: FlowContext,
  draft?: NodeDraft,
): Promise<FormOptions> {
  const seen = draft?.type === "api" && draft.api !== "" ? await seenStatuses(c.var.deps.db, draft.api) : [];
  const listed = draft?.type === "question" && draft.input === "choice" && draft.choiceSource === "list";
  const listAttributes = listed
    ? (await listAttributeDefs(c.var.deps.db)).filter((a) => a.type === "text").map((a) => a.name)
    : undefined;
  return {
    apis: context.apis,
    attributes: context.attributes,
    seenStatuses: seen,
    listAttributes,
    listSample: listed ? await listSampleOf(c, draft) : undefined,
  };
}

/** The saved sample behind the draft's list, with the fields and first page it gives. */
async function listSampleOf(c: Context<AppEnv>, draft: NodeDraft): Promise<ListSample | undefined> {
  const found = await findListSample(c.var.deps.db, c.var.deps.secrets, draft.list.list);
  if (!found) return undefined;
  if (found.listText === undefined) return { api: found.api, fields: [], preview: null };
  const from = {
    list: draft.list.list,
    title: draft.list.title || "{{item}}",
    value: draft.list.value,
    ...(draft.list.description ? { description: draft.list.description } : {}),
    ...(draft.list.more ? { more: draft.list.more } : {}),
  };
  return { api: found.api, ...previewList(draft.text, from, found.listText) };
}

/** The `:index` parameter; `allowNew` accepts the length (a node being added). */
function nodeIndex(c: Context<AppEnv>, flow: Flow, allowNew: boolean): number {
  const raw = c.req.param("index") ?? "";
  const index = /^\d{1,6}$/.test(raw) ? Number(raw) : -1;
  const max = allowNew ? flow.nodes.length : flow.nodes.length - 1;
  if (index < 0 || index > max) {
    throw new HTTPException(404, { message: `No node at position ${raw}: reload the page` });
  }
  return index;
}
