import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { getApi, listSamples, saveMappings } from "../db/apis.ts";
import { createAttribute, listAttributeDefs } from "../db/attributes.ts";
import { jsonPathError, listPaths } from "../engine/mapping.ts";
import { mappingStatusError } from "../engine/mapping_status.ts";
import type { AttributeDef, AttributeType, Mapping } from "../engine/types.ts";
import { MappingPage, Preview } from "../views/apis_mapping.tsx";
import { ATTRIBUTE_NAME } from "../engine/attribute_schema.ts";
import {
  defaultStatusFor,
  listAttributeFor,
  listPathFor,
  listPathsOf,
  type MappingRow,
  NEW_ATTRIBUTE,
  overlapsOf,
  panelsFor,
  previewPanels,
  readRows,
  rowsOfMappings,
  targetOf,
} from "../views/apis_mapping_rows.ts";
import { fragment, page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";

/** The Response mapping tab: a tab per saved sample, an attribute and a status per path, preview, save. */
export const apisMappingRoutes = new Hono<AppEnv>();

type Loaded = NonNullable<Awaited<ReturnType<typeof getApi>>>;
type Sample = { status: number; json: unknown };

apisMappingRoutes.get("/:id{[0-9]+}/mapping", async (c) => {
  const api = await load(c);
  const attributes = await listAttributeDefs(c.var.deps.db);
  const rows = rowsOfMappings(api.def.mappings);
  return render(c, api, await samplesOf(c, api), rows, attributes, { saved: c.req.query("saved") === "1" });
});

apisMappingRoutes.post("/:id{[0-9]+}/mapping/preview", async (c) => {
  const api = await load(c);
  const attributes = await listAttributeDefs(c.var.deps.db);
  const rows = readRows(await c.req.parseBody({ all: true }));
  const samples = await samplesOf(c, api);
  return fragment(
    c,
    <Preview panels={previewPanels(samples, rows, attributes)} warnings={overlapsOf(rows)} />,
  );
});

apisMappingRoutes.post("/:id{[0-9]+}/mapping", async (c) => {
  const { db } = c.var.deps;
  const api = await load(c);
  const attributes = await listAttributeDefs(db);
  const known = new Set(attributes.map((a) => a.name));
  const rows = readRows(await c.req.parseBody({ all: true }));
  let failed = false;
  for (const row of rows.filter((r) => r.attribute !== "")) {
    const name = targetOf(row);
    row.error = row.path === "" ? "Write a JSONPath, e.g. $.data.id" : jsonPathError(row.path) ??
      mappingStatusError(row.status) ??
      (row.attribute === NEW_ATTRIBUTE && !ATTRIBUTE_NAME.test(name)
        ? "Name the new attribute: lowercase letters, digits and _, starting with a letter"
        : row.attribute !== NEW_ATTRIBUTE && !known.has(name)
        ? `There is no attribute ${name}`
        : undefined);
    failed ||= row.error !== undefined;
  }
  const samples = await samplesOf(c, api);
  if (failed) {
    return render(c, api, samples, rows, attributes, {
      status: 422,
      error: "Some mappings need fixing",
      keepFree: true,
    });
  }
  const mappings: Mapping[] = [];
  for (const row of rows.filter((r) => r.attribute !== "")) {
    const name = targetOf(row);
    if (row.attribute === NEW_ATTRIBUTE && !known.has(name)) {
      await createAttribute(db, { name, type: row.newType as AttributeType });
      known.add(name);
    }
    mappings.push({
      path: row.path,
      attribute: name,
      ...(row.status !== "2xx" ? { status: row.status } : {}),
      ...(row.keep ? { keep: true } : {}),
    });
  }
  await saveMappings(db, api.id, mappings);
  return c.redirect(`/apis/${api.id}/mapping?saved=1`, 303);
});

/**
 * "Store as a list": a text attribute named after the list (created unless a
 * text one of that name is free to reuse) and the mapping into it, saved;
 * the form's other, unsaved choices are rendered back as they were.
 */
apisMappingRoutes.post("/:id{[0-9]+}/mapping/list", async (c) => {
  const { db } = c.var.deps;
  const api = await load(c);
  const body = await c.req.parseBody({ all: true });
  const [code, ...rest] = String(body.store_list ?? "").split(" ");
  const picked = rest.join(" ");
  const samples = await samplesOf(c, api);
  const sample = samples.find((s) => s.status === Number(code));
  const posted = readRows(body);
  let rows = posted.length > 0 ? posted : rowsOfMappings(api.def.mappings);
  if (!sample || !listPathsOf(listPaths(sample.json).map((p) => p.path)).has(picked)) {
    return render(c, api, samples, rows, await listAttributeDefs(db), {
      status: 422,
      error: `Cannot store "${picked}" as a list: it is not a list in the saved response of status ${code}`,
      keepFree: true,
    });
  }
  const path = listPathFor(picked);
  const status = defaultStatusFor(sample.status);
  const name = listAttributeFor(path, await listAttributeDefs(db), api.def.mappings);
  const created = await createAttribute(db, {
    name,
    type: "text",
    description: `The list ${path} of the API ${api.def.name}, as JSON text`,
  });
  const known = api.def.mappings.some((m) =>
    m.path === path && m.attribute === name && (m.status ?? "2xx") === status
  );
  if (!known) {
    await saveMappings(db, api.id, [...api.def.mappings, {
      path,
      attribute: name,
      ...(status !== "2xx" ? { status } : {}),
    }]);
  }
  if (!rows.some((r) => r.path === path && targetOf(r) === name && r.status === status)) {
    const blank = rows.find((r) => r.path === path && r.attribute === "");
    rows = blank ? rows.map((r) => r === blank ? { ...r, attribute: name, status } : r) : [
      ...rows,
      { path, attribute: name, newName: "", newType: "text", status, keep: false, free: false },
    ];
  }
  const what = known
    ? `${path} is already stored in the attribute ${name}.`
    : created
    ? `Created the text attribute ${name} and saved the mapping ${path} → ${name} (status ${status}).`
    : `Saved the mapping ${path} → ${name} (status ${status}) into the existing text attribute ${name}.`;
  return render(c, api, samples, rows, await listAttributeDefs(db), {
    keepFree: true,
    active: sample.status,
    notice:
      `${what} The list is stored as JSON text: a choice question can now take its choices from ${name} ` +
      `(“Choices: from a list” in the flow editor).`,
  });
});

async function load(c: Context<AppEnv>): Promise<Loaded> {
  const api = await getApi(c.var.deps.db, c.var.deps.secrets, Number(c.req.param("id")));
  if (!api) throw new HTTPException(404, { message: "No such API" });
  return api;
}

async function samplesOf(c: Context<AppEnv>, api: Loaded): Promise<Sample[]> {
  return (await listSamples(c.var.deps.db, api.id)).map((s) => ({
    status: s.status,
    json: parseJson(s.body),
  }));
}

function render(
  c: Context<AppEnv>,
  api: Loaded,
  samples: Sample[],
  rows: MappingRow[],
  attributes: AttributeDef[],
  options: {
    saved?: boolean;
    status?: number;
    error?: string;
    notice?: string;
    keepFree?: boolean;
    active?: number;
  },
): Response {
  const wanted = options.active ?? Number(c.req.query("status"));
  const active = samples.some((s) => s.status === wanted) ? wanted : samples[0]?.status;
  return page(
    c,
    { title: `Mapping of ${api.def.name}`, area: "apis", status: options.status },
    <MappingPage
      csrf={c.var.csrf}
      id={api.id}
      name={api.def.name}
      panels={panelsFor(samples, rows, options.keepFree)}
      active={active}
      attributes={attributes.map((a) => a.name)}
      preview={previewPanels(samples, rows, attributes)}
      warnings={overlapsOf(rows)}
      saved={!!options.saved}
      error={options.error}
      notice={options.notice}
    />,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
