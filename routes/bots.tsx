import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { exportBotDocument, importBotDocument } from "../db/bot_documents.ts";
import { createBot, deleteBot, EMPTY_FLOW, listBots, renameBot } from "../db/bots.ts";
import type { DocumentError } from "../engine/bot_document.ts";
import { BotsPage } from "../views/bots.tsx";
import { page } from "../views/render.tsx";
import { loadBot, redirect } from "./bots_load.ts";
import type { AppEnv } from "../deps.ts";

/** Bots: the list, create, rename, delete, upload and download; flow, simulator and versions below. */
export const bots = new Hono<AppEnv>();

const nameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "Give the bot a name"),
  v.maxLength(100, "Names are at most 100 characters"),
);

bots.get("/", async (c) => {
  const notice = c.req.query("deleted") ? "The bot was deleted" : undefined;
  return page(
    c,
    { title: "Bots", area: "bots" },
    <BotsPage csrf={c.var.csrf} bots={await listBots(c.var.deps.db)} notice={notice} />,
  );
});

bots.post("/", async (c) => {
  const form = await c.req.parseBody();
  const parsed = v.safeParse(nameSchema, String(form.name ?? ""));
  if (!parsed.success) {
    return page(
      c,
      { title: "Bots", area: "bots", status: 422 },
      <BotsPage
        csrf={c.var.csrf}
        bots={await listBots(c.var.deps.db)}
        name={String(form.name ?? "")}
        nameError={parsed.issues[0].message}
      />,
    );
  }
  const bot = await createBot(c.var.deps.db, { name: parsed.output, flow: EMPTY_FLOW });
  return c.redirect(`/bots/${bot.id}/flow`, 303);
});

bots.post("/import", async (c) => {
  const form = await c.req.parseBody();
  const file = form.document;
  let errors: DocumentError[];
  if (!(file instanceof File) || file.size === 0) {
    errors = [{ path: "", message: "Choose a JSON file to upload" }];
  } else {
    let input: unknown;
    try {
      input = JSON.parse(await file.text());
    } catch (error) {
      input = undefined;
      errors = [{ path: "", message: `Cannot read the file as JSON: ${(error as Error).message}` }];
    }
    if (input !== undefined) {
      const result = await importBotDocument(c.var.deps, input);
      if (result.ok) return c.redirect(`/bots/${result.id}/flow?imported=1`, 303);
      errors = result.errors;
    }
  }
  return page(
    c,
    { title: "Bots", area: "bots", status: 422 },
    <BotsPage csrf={c.var.csrf} bots={await listBots(c.var.deps.db)} uploadErrors={errors!} />,
  );
});

bots.post("/:id/rename", async (c) => {
  const bot = await loadBot(c);
  const form = await c.req.parseBody();
  const parsed = v.safeParse(nameSchema, String(form.name ?? ""));
  if (!parsed.success) throw new HTTPException(422, { message: parsed.issues[0].message });
  await renameBot(c.var.deps.db, bot.id, parsed.output);
  return redirect(c, "/bots");
});

bots.post("/:id/delete", async (c) => {
  const bot = await loadBot(c);
  const result = await deleteBot(c.var.deps.db, bot.id);
  if (result === "in_use") {
    throw new HTTPException(409, {
      message: `Cannot delete "${bot.name}": a channel uses it; bind the channel to another bot first`,
    });
  }
  return redirect(c, "/bots?deleted=1");
});

bots.get("/:id/download", async (c) => {
  const bot = await loadBot(c);
  const doc = await exportBotDocument(c.var.deps, bot.id, { secrets: false });
  const file = (bot.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "bot") + ".json";
  c.header("Content-Disposition", `attachment; filename="${file}"`);
  return c.json(doc);
});
