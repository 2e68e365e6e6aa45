/**
 * The attribute's valibot schema (DESIGN §4 Attributes): the one statement
 * of the name rule, the types and the number syntax. The document, the
 * attributes page, the mapping page and the interpreter all use it.
 */
import * as v from "valibot";

export const ATTRIBUTE_TYPES = ["text", "number", "boolean"] as const;

/** `^[a-z][a-z0-9_]{0,63}$`: also the `pattern` of the pages' name inputs. */
export const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export const ATTRIBUTE_NAME_MESSAGE =
  "Attribute names are lowercase letters, digits and _, start with a letter, at most 64 long";

/**
 * A decimal number as text: `12`, `-3.5`, `.5`, `1e3`. The interpreter reads
 * numbers with it (mapped values, condition operands, coercion), so the
 * attributes page accepts for a default exactly what the flow would.
 */
export const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An attribute's name. */
export const AttributeNameSchema = v.pipe(v.string(), v.regex(ATTRIBUTE_NAME, ATTRIBUTE_NAME_MESSAGE));

export const AttributeTypeSchema = v.picklist(
  ATTRIBUTE_TYPES,
  'Attribute types are "text", "number" and "boolean"',
);

/** A value a contact holds for an attribute (`sys.status` is a number). */
export const AttributeValueSchema = v.union([v.string(), v.number(), v.boolean()]);

/** A number typed as text (a form field), read with `NUMBER_TEXT`. */
export const NumberTextSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(NUMBER_TEXT, "A number must be a number, e.g. 0, 12.5 or 1e3"),
  v.transform(Number),
  v.number(),
  v.finite("A number must be finite"),
);

/** One custom attribute of the workspace. */
export const AttributeSchema = v.object({
  name: AttributeNameSchema,
  type: AttributeTypeSchema,
  default: v.optional(AttributeValueSchema),
  description: v.optional(v.string()),
});
