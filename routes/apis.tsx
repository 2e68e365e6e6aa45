import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { MaskedSecretMovedError } from "../engine/secret_origin.ts";
import { apiUsers, deleteApi, findApiIdIgnoringCase, getApi, listApiSummaries, saveApi } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import { parseCurl } from "../engine/curl_import.ts";
import { SYSTEM_ATTRIBUTES } from "../engine/nodes/shared.ts";
import { placeholdersOf } from "../engine/placeholders.ts";
import { checkJsonTemplate } from "../engine/template.ts";
import type { ApiDef } from "../engine/types.ts";
import { ApiEditorPage, type EditorNotice } from "../views/apis_editor.tsx";
import { ApisListPage } from "../views/apis_list.tsx";
import { KvRow, type RowKind } from "../views/apis_parts.tsx";
import { fragment, page } from "../views/render.tsx";
import {
  type ApiForm,
  applyCurl,
  defToForm,
  emptyForm,
  formToDef,
  readForm,
  sealTyped,
  SECRET_INPUTS,
  type SecretInput,
} from "../views/apis_form.ts";
import type { AppEnv } from "../deps.ts";

/** Developers → Your APIs: the list, the editor, cURL import; tests and mappings in their own files. */
export const apisRoutes = new Hono<AppEnv>();

apisRoutes.get("/", async (c) => {
  const apis = await listApiSummaries(c.var.deps.db);
  const imported = /^(\d+)-(\d+)-(\d+)$/.exec(c.req.query("imported") ?? "")?.slice(1).map(Number);
  return page(c, { title: "Your APIs", area: "apis" }, <ApisListPage apis={apis} imported={imported} />);
});

apisRoutes.get("/new", async (c) => await editor(c, { form: emptyForm() }));

apisRoutes.post("/", async (c) => await save(c));

apisRoutes.post("/import-curl", async (c) => await importCurl(c));

apisRoutes.get("/:id{[0-9]+}", async (c) => {
  const api = await load(c);
  const names = (await listAttributeDefs(c.var.deps.db)).map((a) => a.name);
  const notice: EditorNotice = { saved: c.req.query("saved") === "1", unknown: unknownNames(api.def, names) };
  return await editor(c, { id: api.id, form: defToForm(api.def), notice, stored: storedSecrets(api.def) });
});

apisRoutes.post("/:id{[0-9]+}", async (c) => await save(c, await load(c)));

apisRoutes.post("/:id{[0-9]+}/import-curl", async (c) => await importCurl(c, await load(c)));

apisRoutes.post("/:id{[0-9]+}/delete", async (c) => {
  const { db } = c.var.deps;
  const api = await load(c);
  const users = (await apiUsers(db)).get(api.def.name) ?? [];
  if (users.length > 0) {
    const apis = await listApiSummaries(db);
    return page(
      c,
      { title: "Your APIs", area: "apis", status: 409 },
      <ApisListPage apis={apis} refused={{ name: api.def.name, users }} />,
    );
  }
  await deleteApi(db, api.id);
  return c.redirect("/apis", 303);
});

apisRoutes.get("/rows/remove", (c) => c.body(null, 200));

apisRoutes.get(
  "/rows/:kind{query|headers|form|multipart}",
  (c) => fragment(c, <KvRow kind={c.req.param("kind") as RowKind} />),
);

apisRoutes.post("/check-json", async (c) => {
  const form = await c.req.parseBody();
  const json = typeof form.json === "string" ? form.json : "";
  if (json.trim() === "") return c.body(null, 200);
  const problem = checkJsonTemplate(json);
  return fragment(
    c,
    problem ? <span class="error">{problem}</span> : <span class="ok-text">Valid JSON ✓</span>,
  );
});

type Loaded = NonNullable<Awaited<ReturnType<typeof getApi>>>;

async function load(c: Context<AppEnv>): Promise<Loaded> {
  const api = await getApi(c.var.deps.db, c.var.deps.secrets, Number(c.req.param("id")));
  if (!api) throw new HTTPException(404, { message: "No such API" });
  return api;
}

async function save(c: Context<AppEnv>, stored?: Loaded): Promise<Response> {
  const { db, secrets } = c.var.deps;
  const body = await c.req.parseBody({ all: true });
  const form = readForm(body);
  const parsed = await formToDef(form, secrets);
  let errors = "errors" in parsed ? parsed.errors : {};
  if ("def" in parsed) {
    const other = await findApiIdIgnoringCase(db, parsed.def.name);
    if (other !== undefined && other !== stored?.id) {
      errors = {
        name: `An API named "${parsed.def.name}" already exists (names are compared ignoring case)`,
      };
    }
  }
  if (!("def" in parsed) || Object.keys(errors).length > 0) {
    return await editor(c, {
      id: stored?.id,
      form: await sealTyped(form, secrets),
      errors,
      stored: storedSecrets(stored?.def),
      storedName: stored?.def.name,
      status: 422,
      curl: typeof body.curl === "string" ? body.curl : "",
    });
  }
  const def: ApiDef = { ...parsed.def, mappings: stored?.def.mappings ?? [] };
  let id: number;
  try {
    id = await saveApi(db, secrets, def, stored?.id);
  } catch (error) {
    if (!(error instanceof MaskedSecretMovedError)) throw error;
    // The form names the key's value `keyValue`; the other secrets keep their field name.
    const input = error.field === "value" ? "keyValue" : error.field;
    return await editor(c, {
      id: stored?.id,
      form: await sealTyped(form, secrets),
      errors: { [input]: error.message },
      stored: storedSecrets(stored?.def),
      status: 422,
      curl: typeof body.curl === "string" ? body.curl : "",
    });
  }
  return c.redirect(`/apis/${id}?saved=1`, 303);
}

async function importCurl(c: Context<AppEnv>, stored?: Loaded): Promise<Response> {
  const { secrets } = c.var.deps;
  const body = await c.req.parseBody({ all: true });
  const form = readForm(body);
  const curl = typeof body.curl === "string" ? body.curl : "";
  const parsed = parseCurl(curl);
  if ("error" in parsed) {
    return await editor(c, {
      id: stored?.id,
      form: await sealTyped(form, secrets),
      notice: { curlError: parsed.error },
      stored: storedSecrets(stored?.def),
      storedName: stored?.def.name,
      status: 422,
      curl,
    });
  }
  return await editor(c, {
    id: stored?.id,
    form: await sealTyped(applyCurl(form, parsed.api), secrets),
    notice: { imported: true, curlWarnings: parsed.warnings },
    stored: storedSecrets(stored?.def),
    storedName: stored?.def.name,
  });
}

async function editor(
  c: Context<AppEnv>,
  options: {
    id?: number;
    form: ApiForm;
    errors?: Record<string, string>;
    notice?: EditorNotice;
    stored?: Record<SecretInput, boolean>;
    /** The saved name: the heading keeps it while a refused rename is on screen. */
    storedName?: string;
    status?: number;
    curl?: string;
  },
): Promise<Response> {
  const names = (await listAttributeDefs(c.var.deps.db)).map((a) => a.name);
  return page(
    c,
    { title: options.storedName ?? (options.form.name || "New API"), area: "apis", status: options.status },
    <ApiEditorPage
      csrf={c.var.csrf}
      id={options.id}
      form={options.form}
      errors={options.errors ?? {}}
      attributes={names}
      stored={options.stored ?? storedSecrets()}
      notice={options.notice ?? {}}
      curl={options.curl ?? ""}
      storedName={options.storedName}
    />,
  );
}

/** Which secret inputs have a stored value (never the value itself). */
function storedSecrets(def?: ApiDef): Record<SecretInput, boolean> {
  const auth = def?.auth;
  const out = Object.fromEntries(SECRET_INPUTS.map((n) => [n, false])) as Record<SecretInput, boolean>;
  if (auth?.type === "bearer") out.token = auth.token !== "";
  if (auth?.type === "apiKey") out.keyValue = auth.value !== "";
  if (auth?.type === "basic") out.password = auth.password !== "";
  if (auth?.type === "oauth2") out.clientSecret = auth.clientSecret !== "";
  return out;
}

/** Placeholder names the API uses that are neither attributes nor `sys.*`. */
export function unknownNames(def: ApiDef, attributes: string[]): string[] {
  const known = new Set<string>([...attributes, ...SYSTEM_ATTRIBUTES]);
  return placeholdersOf(def).filter((n) => !known.has(n));
}
