import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { type AttributeUses, attributeUses, isUsed } from "../db/attribute_uses.ts";
import {
  type AttributeRecord,
  createAttribute,
  deleteAttribute,
  findAttributeByName,
  getAttribute,
  listAttributes,
  updateAttribute,
} from "../db/attributes.ts";
import type { Db } from "../db/client.ts";
import type { AttributeDef } from "../engine/types.ts";
import { AttributeNameSchema, AttributeTypeSchema, NumberTextSchema } from "../engine/attribute_schema.ts";
import { AttributeEditPage, type AttributeForm, AttributesPage } from "../views/attributes.tsx";
import { page } from "../views/render.tsx";
import type { AppEnv } from "../deps.ts";
import { fieldErrors } from "../views/field_errors.ts";

/** Attributes: the workspace's custom attributes, where each is used, create/edit/delete. */
export const attributesRoutes = new Hono<AppEnv>();

const EMPTY: AttributeForm = { name: "", type: "text", default: "", description: "" };

const formSchema = v.object({
  name: v.pipe(v.string(), v.trim(), AttributeNameSchema),
  type: AttributeTypeSchema,
  default: v.string(),
  description: v.pipe(v.string(), v.trim(), v.maxLength(500, "Keep the description under 500 characters")),
});

/** Parses the attribute form into a definition (the default read as the type), or errors by field. */
export function parseAttributeForm(
  values: AttributeForm,
): { def: AttributeDef } | { errors: Record<string, string> } {
  const parsed = v.safeParse(formSchema, values);
  if (!parsed.success) return { errors: fieldErrors(parsed.issues) };
  const { name, type, default: raw, description } = parsed.output;
  const def: AttributeDef = { name, type };
  if (description) def.description = description;
  const text = raw.trim();
  if (type === "text" && raw !== "") def.default = raw;
  if (type === "number" && text !== "") {
    const number = v.safeParse(NumberTextSchema, text);
    if (!number.success) {
      return { errors: { default: "A number default must be a number, e.g. 0, 12.5 or 1e3" } };
    }
    def.default = number.output;
  }
  if (type === "boolean" && text !== "") {
    if (text !== "true" && text !== "false") {
      return { errors: { default: "A boolean default is true or false" } };
    }
    def.default = text === "true";
  }
  return { def };
}

attributesRoutes.get("/", async (c) => await listPage(c, EMPTY, {}));

attributesRoutes.post("/", async (c) => {
  const { db } = c.var.deps;
  const values = await formValues(c.req.parseBody());
  const parsed = parseAttributeForm(values);
  if ("errors" in parsed) return await listPage(c, values, parsed.errors, 422);
  if (!await createAttribute(db, parsed.def)) {
    return await listPage(c, values, { name: `An attribute named ${values.name} already exists` }, 422);
  }
  return c.redirect("/attributes", 303);
});

attributesRoutes.get("/:id{[0-9]+}", async (c) => {
  const attribute = await load(c.var.deps.db, c.req.param("id"));
  const uses = (await attributeUses(c.var.deps.db, c.var.deps.secrets)).get(attribute.name);
  return page(
    c,
    { title: `Attribute ${attribute.name}`, area: "attributes" },
    <AttributeEditPage
      csrf={c.var.csrf}
      id={attribute.id}
      values={toForm(attribute)}
      errors={{}}
      uses={uses}
    />,
  );
});

attributesRoutes.post("/:id{[0-9]+}", async (c) => {
  const { db, secrets } = c.var.deps;
  const attribute = await load(db, c.req.param("id"));
  const values = await formValues(c.req.parseBody());
  const parsed = parseAttributeForm(values);
  const uses = (await attributeUses(db, secrets)).get(attribute.name);
  let errors = "errors" in parsed ? parsed.errors : {};
  if ("def" in parsed && parsed.def.name !== attribute.name) {
    if (isUsed(uses)) {
      errors = { name: `Cannot rename ${attribute.name}: it is still used (listed below)` };
    } else if (await findAttributeByName(db, parsed.def.name)) {
      errors = { name: `An attribute named ${parsed.def.name} already exists` };
    }
  }
  if (!("def" in parsed) || Object.keys(errors).length > 0) {
    return page(
      c,
      { title: `Attribute ${attribute.name}`, area: "attributes", status: 422 },
      <AttributeEditPage csrf={c.var.csrf} id={attribute.id} values={values} errors={errors} uses={uses} />,
    );
  }
  await updateAttribute(db, attribute.id, parsed.def);
  return c.redirect("/attributes", 303);
});

attributesRoutes.post("/:id{[0-9]+}/delete", async (c) => {
  const { db, secrets } = c.var.deps;
  const attribute = await load(db, c.req.param("id"));
  const uses = (await attributeUses(db, secrets)).get(attribute.name);
  if (uses && isUsed(uses)) {
    return await listPage(c, EMPTY, {}, 409, { name: attribute.name, uses });
  }
  await deleteAttribute(db, attribute.id);
  return c.redirect("/attributes", 303);
});

async function listPage(
  c: Context<AppEnv>,
  values: AttributeForm,
  errors: Record<string, string>,
  status = 200,
  refused?: { name: string; uses: AttributeUses },
) {
  const { db, secrets } = c.var.deps;
  return page(
    c,
    { title: "Attributes", area: "attributes", status },
    <AttributesPage
      csrf={c.var.csrf}
      attributes={await listAttributes(db)}
      uses={await attributeUses(db, secrets)}
      values={values}
      errors={errors}
      refused={refused}
    />,
  );
}

async function load(db: Db, id: string): Promise<AttributeRecord> {
  const attribute = await getAttribute(db, Number(id));
  if (!attribute) throw new HTTPException(404, { message: "No such attribute" });
  return attribute;
}

async function formValues(body: Promise<Record<string, unknown>>): Promise<AttributeForm> {
  const form = await body;
  const text = (key: string) => typeof form[key] === "string" ? form[key] as string : "";
  return {
    name: text("name"),
    type: text("type") || "text",
    default: text("default"),
    description: text("description"),
  };
}

function toForm(a: AttributeRecord): AttributeForm {
  return {
    name: a.name,
    type: a.type,
    default: a.default === undefined ? "" : String(a.default),
    description: a.description,
  };
}
