import { type Context, Hono } from "hono";
import { applyImport, previewImport } from "../db/api_import.ts";
import { MAX_DOCUMENT_CHARS, planImport } from "../engine/api_import/mod.ts";
import type { AppEnv } from "../deps.ts";
import { ApisImportPage, ImportArea, type ImportForm, type Preview } from "../views/apis_import.tsx";
import { fragment, isHtmx, page } from "../views/render.tsx";

/**
 * Your APIs → Import (DESIGN §4 "Importing APIs"): the document is read and
 * previewed (created, updated, skipped) without writing; the confirmation
 * sends it again and applies it. Nothing is kept between the two requests.
 */
export const apisImportRoutes = new Hono<AppEnv>();

apisImportRoutes.get("/", (c) => show(c, { document: "", baseUrl: "" }, {}));

apisImportRoutes.post("/preview", async (c) => {
  const form = await readImportForm(c);
  if ("error" in form) return show(c, form.form, { document: form.error }, undefined, 422);
  const planned = await planImport(form.document, { baseUrl: form.baseUrl });
  if (!planned.ok) {
    const field = /base URL/.test(planned.error) && form.baseUrl !== "" ? "baseUrl" : "document";
    return show(c, form, { [field]: planned.error }, undefined, 422);
  }
  const preview: Preview = { plan: planned.plan, outcome: await previewImport(c.var.deps.db, planned.plan) };
  return show(c, form, {}, preview);
});

apisImportRoutes.post("/apply", async (c) => {
  const form = await readImportForm(c);
  if ("error" in form) return show(c, form.form, { document: form.error }, undefined, 422);
  const planned = await planImport(form.document, { baseUrl: form.baseUrl });
  if (!planned.ok) return show(c, form, { document: planned.error }, undefined, 422);
  const { deps } = c.var;
  const outcome = await applyImport(deps.db, deps.secrets, planned.plan);
  deps.log.info("APIs imported", {
    format: planned.plan.format,
    created: outcome.created.length,
    updated: outcome.updated.length,
    skipped: outcome.skipped.length,
    user: c.var.user?.email,
  });
  const counts = [outcome.created.length, outcome.updated.length, outcome.skipped.length].join("-");
  return c.redirect(`/apis?imported=${counts}`, 303);
});

function show(
  c: Context<AppEnv>,
  form: ImportForm,
  errors: Partial<Record<keyof ImportForm, string>>,
  preview?: Preview,
  status = 200,
): Response {
  const props = { csrf: c.var.csrf, form, errors, preview };
  // htmx swaps 2xx answers only: its fragment carries the errors beside the fields with a 200.
  if (isHtmx(c)) return fragment(c, <ImportArea {...props} />);
  return page(
    c,
    { title: "Import APIs", area: "apis", status },
    <ApisImportPage {...props} />,
  );
}

/** The document from the file field, else from the pasted text. */
async function readImportForm(
  c: Context<AppEnv>,
): Promise<ImportForm | { error: string; form: ImportForm }> {
  const body = await c.req.parseBody();
  const baseUrl = typeof body.baseUrl === "string" ? body.baseUrl.trim() : "";
  const pasted = typeof body.document === "string" ? body.document : "";
  const file = body.file instanceof File && body.file.size > 0 ? body.file : undefined;
  if (file && file.size > MAX_DOCUMENT_CHARS) {
    return { error: "The file is larger than 8 MiB", form: { document: pasted, baseUrl } };
  }
  const document = file ? await file.text() : pasted;
  if (document.trim() === "") {
    return { error: "Choose a file or paste a document", form: { document: "", baseUrl } };
  }
  return { document, baseUrl };
}
