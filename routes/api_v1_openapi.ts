/**
 * `/api/v1` described as an OpenAPI 3.1 document, served at
 * `/api/v1/openapi.json` so automation users can generate clients. Bodies
 * come from the valibot schemas the routes validate with, converted by
 * valibot's own JSON Schema converter; the answers are described here with
 * valibot too. routes/api_v1_openapi_test.ts checks that every route of
 * `/api/v1` is in it.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import { Hono } from "hono";
import * as v from "valibot";
import { BotDocumentSchema } from "../engine/bot_document_schema.ts";
import { AttributeValueSchema } from "../engine/attribute_schema.ts";
import type { AppEnv } from "../deps.ts";
import { ChannelCreateSchema } from "./api_v1_channels.ts";

const ErrorSchema = v.object({ error: v.string() });
const ErrorsSchema = v.object({ errors: v.array(v.object({ path: v.string(), message: v.string() })) });
const ImportedSchema = v.object({
  id: v.number(),
  created: v.object({ attributes: v.array(v.string()), apis: v.array(v.string()) }),
  updated: v.object({ attributes: v.array(v.string()), apis: v.array(v.string()) }),
});
const BotSummarySchema = v.object({
  id: v.number(),
  name: v.string(),
  publishedVersion: v.nullable(v.number()),
});
const ChannelSchema = v.object({
  id: v.number(),
  type: v.literal("whatsapp"),
  name: v.string(),
  botId: v.number(),
  phoneNumberId: v.string(),
  webhookUrl: v.string(),
  health: v.string(),
  healthDetail: v.nullable(v.string()),
  lastWebhookAt: v.nullable(v.string()),
});
const ApiImportSchema = v.object({
  created: v.array(v.string()),
  updated: v.array(v.string()),
  skipped: v.array(v.object({ name: v.string(), reason: v.string() })),
  attributesCreated: v.array(v.string()),
  warnings: v.array(v.string()),
});
const ContactSchema = v.object({
  waId: v.string(),
  userId: v.nullable(v.string()),
  name: v.string(),
  attributes: v.record(v.string(), AttributeValueSchema),
});
const TranscriptLineSchema = v.object({
  direction: v.picklist(["in", "out"]),
  type: v.string(),
  text: v.string(),
  at: v.string(),
  status: v.string(),
  error: v.optional(v.string()),
});

type Schema = Parameters<typeof toJsonSchema>[0];

/** A JSON Schema of a valibot schema; checks JSON Schema cannot say (custom ones) are left to the server. */
function json(schema: Schema): Record<string, unknown> {
  const { $schema: _, ...rest } = toJsonSchema(schema, { errorMode: "ignore", target: "draft-2020-12" });
  return rest;
}

function body(schema: Record<string, unknown>, contentType = "application/json") {
  return { required: true, content: { [contentType]: { schema } } };
}

function answer(description: string, schema?: Schema) {
  return schema
    ? { description, content: { "application/json": { schema: json(schema) } } }
    : { description };
}

const failures = {
  400: answer("Malformed request", ErrorSchema),
  401: answer("Missing, wrong or revoked token", ErrorSchema),
  404: answer("Unknown id", ErrorSchema),
};

const idParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});

/** The OpenAPI 3.1 document of `/api/v1`. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const document = json(BotDocumentSchema);
  const bot = idParam("id", "The bot's id");
  return {
    openapi: "3.1.0",
    info: {
      title: "Chatwire JSON API",
      version: "1",
      description:
        "Bots, channels, API imports and contacts (DESIGN §7). Every call takes `Authorization: Bearer <token>`.",
    },
    servers: [{ url: `${serverUrl.replace(/\/+$/, "")}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths: {
      "/bots": {
        get: {
          summary: "List bots",
          responses: { 200: answer("The bots", v.array(BotSummarySchema)), 401: failures[401] },
        },
        post: {
          summary: "Create a bot from a chatwire.bot/v1 document",
          requestBody: body(document),
          responses: {
            201: answer("Created", ImportedSchema),
            ...failures,
            422: answer("Invalid document: every problem by path", ErrorsSchema),
          },
        },
      },
      "/bots/{id}": {
        get: {
          summary: "Export a bot's draft as a document",
          parameters: [bot, {
            name: "secrets",
            in: "query",
            required: false,
            description: "`include` to include secrets (owners only)",
            schema: { type: "string", enum: ["include"] },
          }],
          responses: {
            200: { description: "The draft", content: { "application/json": { schema: document } } },
            ...failures,
          },
        },
        put: {
          summary: "Replace a bot's draft",
          parameters: [bot],
          requestBody: body(document),
          responses: {
            200: answer("Replaced", ImportedSchema),
            ...failures,
            422: answer("Invalid document", ErrorsSchema),
          },
        },
      },
      "/bots/{id}/publish": {
        post: {
          summary: "Publish the draft; new conversations use it",
          parameters: [bot],
          responses: {
            200: answer("Published", v.object({ version: v.number() })),
            ...failures,
            422: answer("The draft has errors", ErrorsSchema),
          },
        },
      },
      "/channels": {
        get: {
          summary: "List channels (never their secrets)",
          responses: { 200: answer("The channels", v.array(ChannelSchema)), 401: failures[401] },
        },
        post: {
          summary: "Connect a WhatsApp number to a bot (owners only)",
          requestBody: body(json(ChannelCreateSchema)),
          responses: {
            201: answer("Connected", v.object({ id: v.number(), webhookUrl: v.string() })),
            ...failures,
            422: answer("Invalid fields", ErrorsSchema),
          },
        },
      },
      "/channels/{id}": {
        get: {
          summary: "One channel (never its secrets)",
          parameters: [idParam("id", "The channel's id")],
          responses: { 200: answer("The channel", ChannelSchema), ...failures },
        },
      },
      "/apis/import": {
        post: {
          summary: "Import APIs from a Postman collection v2.1 or an OpenAPI 3 document",
          parameters: [{
            name: "baseUrl",
            in: "query",
            required: false,
            description: "Stands in for a missing or relative server",
            schema: { type: "string" },
          }],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { type: "object" } },
              "application/yaml": { schema: { type: "string" } },
            },
          },
          responses: {
            200: answer("What was created, updated and skipped", ApiImportSchema),
            ...failures,
            422: answer("Not importable", ErrorSchema),
          },
        },
      },
      "/contacts/{waId}": {
        get: {
          summary: "A contact by wa_id or user_id, with its attributes",
          parameters: [idParam("waId", "A wa_id or a user_id")],
          responses: { 200: answer("The contact", ContactSchema), ...failures },
        },
      },
      "/contacts/{waId}/messages": {
        get: {
          summary: "A contact's transcript, oldest first",
          parameters: [idParam("waId", "A wa_id or a user_id")],
          responses: { 200: answer("The transcript", v.array(TranscriptLineSchema)), ...failures },
        },
      },
      "/openapi.json": {
        get: { summary: "This document", security: [], responses: { 200: { description: "OpenAPI 3.1" } } },
      },
    },
  };
}

/** `GET /api/v1/openapi.json`: public, so client generators can fetch it without a token. */
export const apiV1OpenApi = new Hono<AppEnv>();

apiV1OpenApi.get("/openapi.json", (c) => c.json(openApiDocument(c.var.deps.config.publicUrl)));
