import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { getApi, saveMappings } from "../db/apis.ts";
import { createAttribute, listAttributeDefs } from "../db/attributes.ts";
import { applyMappings, jsonPathError, listPaths, previewMapping } from "../engine/mapping.ts";
import type { AttributeDef, AttributeType, Mapping } from "../engine/types.ts";
import { ATTRIBUTE_NAME } from "../engine/attribute_schema.ts";
import {
  MappingPage,
  type MappingRow,
  NEW_ATTRIBUTE,
  Preview,
  type PreviewLine,
} from "../views/apis_mapping.tsx";
import { fragment, page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";

/** The Response mapping tab: pick attributes for the saved sample's paths, preview, save. */
export const apisMappingRoutes = new Hono<AppEnv>();

type Loaded = NonNullable<Awaited<ReturnType<typeof getApi>>>;

apisMappingRoutes.get("/:id{[0-9]+}/mapping", async (c) => {
  const api = await load(c);
  const attributes = await listAttributeDefs(c.var.deps.db);
  const rows = rowsFor(
    api,
    api.def.mappings.map((m) => ({ ...blank(), path: m.path, attribute: m.attribute })),
  );
  return render(c, api, rows, attributes, { saved: c.req.query("saved") === "1" });
});

apisMappingRoutes.post("/:id{[0-9]+}/mapping/preview", async (c) => {
  const api = await load(c);
  const attributes = await listAttributeDefs(c.var.deps.db);
  const rows = readRows(await c.req.parseBody({ all: true }));
  return fragment(c, <Preview lines={previewLines(sampleOf(api), rows, attributes)} />);
});

apisMappingRoutes.post("/:id{[0-9]+}/mapping", async (c) => {
  const { db } = c.var.deps;
  const api = await load(c);
  const attributes = await listAttributeDefs(db);
  const known = new Set(attributes.map((a) => a.name));
  const rows = readRows(await c.req.parseBody({ all: true }));
  let failed = false;
  for (const row of rows.filter((r) => r.attribute !== "")) {
    const name = target(row);
    row.error = row.path === "" ? "Write a JSONPath, e.g. $.data.id" : jsonPathError(row.path) ??
      (row.attribute === NEW_ATTRIBUTE && !ATTRIBUTE_NAME.test(name)
        ? "Name the new attribute: lowercase letters, digits and _, starting with a letter"
        : row.attribute !== NEW_ATTRIBUTE && !known.has(name)
        ? `There is no attribute ${name}`
        : undefined);
    failed ||= row.error !== undefined;
  }
  if (failed) {
    return render(c, api, rowsFor(api, rows, true), attributes, {
      status: 422,
      error: "Some mappings need fixing",
    });
  }
  const mappings: Mapping[] = [];
  for (const row of rows.filter((r) => r.attribute !== "")) {
    const name = target(row);
    if (row.attribute === NEW_ATTRIBUTE && !known.has(name)) {
      await createAttribute(db, { name, type: row.newType as AttributeType });
      known.add(name);
    }
    mappings.push({ path: row.path, attribute: name });
  }
  await saveMappings(db, api.id, mappings);
  return c.redirect(`/apis/${api.id}/mapping?saved=1`, 303);
});

async function load(c: Context<AppEnv>): Promise<Loaded> {
  const api = await getApi(c.var.deps.db, c.var.deps.secrets, Number(c.req.param("id")));
  if (!api) throw new HTTPException(404, { message: "No such API" });
  return api;
}

function render(
  c: Context<AppEnv>,
  api: Loaded,
  rows: MappingRow[],
  attributes: AttributeDef[],
  options: { saved?: boolean; status?: number; error?: string },
): Response {
  const chosen = rows.filter((r) => r.attribute !== "");
  return page(
    c,
    { title: `Mapping of ${api.def.name}`, area: "apis", status: options.status },
    <MappingPage
      csrf={c.var.csrf}
      id={api.id}
      name={api.def.name}
      hasSample={api.sampleBody !== null}
      sampleStatus={api.sampleStatus}
      rows={rows}
      attributes={attributes.map((a) => a.name)}
      preview={previewLines(sampleOf(api), chosen, attributes)}
      saved={!!options.saved}
      error={options.error}
    />,
  );
}

/**
 * The table rows: one per path of the sample (with the chosen attribute),
 * chosen paths the sample lacks as free rows, and one empty free row.
 */
function rowsFor(api: Loaded, chosen: MappingRow[], keepFree = false): MappingRow[] {
  const rows = listPaths(sampleOf(api)).map(({ path, sample }) => ({ ...blank(), path, sample }));
  const free: MappingRow[] = [];
  for (const pick of chosen) {
    const row = rows.find((r) => r.path === pick.path && r.attribute === "" && !pick.free);
    if (row) {
      Object.assign(row, {
        attribute: pick.attribute,
        newName: pick.newName,
        newType: pick.newType,
        error: pick.error,
      });
    } else if (pick.attribute !== "" || (keepFree && pick.path !== "")) free.push({ ...pick, free: true });
  }
  return [...rows, ...free, { ...blank(), free: true }];
}

function readRows(body: Record<string, string | File | (string | File)[]>): MappingRow[] {
  const many = (key: string) => {
    const value = body[key];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((x) => String(x));
  };
  const paths = many("path");
  const attrs = many("attribute");
  const names = many("new_name");
  const types = many("new_type");
  return paths.map((path, i) => ({
    path: path.trim(),
    attribute: attrs[i] ?? "",
    newName: (names[i] ?? "").trim(),
    newType: ["text", "number", "boolean"].includes(types[i]) ? types[i] : "text",
    // The form does not say which rows were free: rowsFor() puts unknown paths back as free rows.
    free: false,
  }));
}

function previewLines(sample: unknown, rows: MappingRow[], attributes: AttributeDef[]): PreviewLine[] {
  const lines: PreviewLine[] = [];
  for (const row of rows) {
    const attribute = target(row);
    if (row.attribute === "" || row.path === "" || attribute === "") continue;
    const type = attributes.find((a) => a.name === attribute)?.type ?? row.newType as AttributeType;
    const check = previewMapping(row.path, sample);
    if (!check.ok) {
      lines.push({ path: row.path, attribute, error: check.error });
      continue;
    }
    // The same code the runtime runs, with the attribute's type, so the preview is what gets stored.
    const { values } = applyMappings([{ path: row.path, attribute }], sample, [{ name: attribute, type }]);
    lines.push({
      path: row.path,
      attribute,
      value: attribute in values ? String(values[attribute]) : undefined,
    });
  }
  return lines;
}

function target(row: MappingRow): string {
  return row.attribute === NEW_ATTRIBUTE ? row.newName : row.attribute;
}

function sampleOf(api: Loaded): unknown {
  try {
    return api.sampleBody === null ? undefined : JSON.parse(api.sampleBody);
  } catch {
    return undefined;
  }
}

function blank(): MappingRow {
  return { path: "", attribute: "", newName: "", newType: "text", free: false };
}
