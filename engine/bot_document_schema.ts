/** The `chatwire.bot/v1` document's valibot schema (DESIGN §4), built from the entity schemas. */
import * as v from "valibot";
import { AttributeSchema } from "./attribute_schema.ts";
import { ApiSchema } from "./api_schema.ts";
import { FlowSchema } from "./flow_schema.ts";
import { nonEmpty } from "./schema_parts.ts";

/** The whole document. */
export const BotDocumentSchema = v.object({
  format: v.literal("chatwire.bot/v1", 'The format must be "chatwire.bot/v1"'),
  name: nonEmpty("The bot name"),
  attributes: v.optional(v.array(AttributeSchema), []),
  apis: v.optional(v.array(ApiSchema), []),
  flow: FlowSchema,
});
