import assert from "node:assert/strict";
import { api, fixture as read, plan } from "./testing.ts";

const fixture = (name: string) => read("openapi", name);

Deno.test("OpenAPI import: Swagger Petstore v3 (YAML) creates 18 APIs and skips the octet-stream upload", async () => {
  const p = await plan(await fixture("petstore3.yaml"));
  assert.equal(p.format, "openapi");
  assert.equal(p.apis.length, 18);
  assert.deepEqual(p.skipped, [{
    name: "uploadFile",
    reason: "The request body (application/octet-stream) cannot be expressed as a Chatwire body",
  }]);
  const get = api(p, "getPetById");
  assert.equal(get.def.method, "GET");
  assert.equal(get.def.url, "https://petstore3.swagger.io/api/v3/pet/{{pet_id}}");
  // The operation lists api_key first among its alternatives; the implicit OAuth flow cannot be carried over.
  assert.deepEqual(get.def.auth, { type: "apiKey", in: "header", name: "api_key", value: "" });
  assert.deepEqual(get.samples.map((s) => s.status), [200]);
  assert.equal(JSON.parse(get.samples[0].body).name, "doggie");

  const find = api(p, "findPetsByStatus");
  assert.deepEqual(find.def.query, [{ key: "status", value: "{{status}}" }]);
  assert.deepEqual(find.testValues, { status: "available" });
  assert.deepEqual(find.def.auth, { type: "none" });
  assert.ok(find.notes.some((n) => n.includes('"petstore_auth" cannot be carried over')));

  // $ref'd schema → a body generated from it, with the schema's examples.
  const add = api(p, "addPet");
  assert.equal(add.def.body?.type, "json");
  const body = JSON.parse(add.def.body?.type === "json" ? add.def.body.template : "{}");
  assert.equal(body.name, "doggie");
  assert.deepEqual(body.photoUrls, ["string"]);

  const login = api(p, "loginUser");
  assert.deepEqual(login.def.query.map((q) => q.value), ["{{username}}", "{{password}}"]);
  assert.deepEqual(api(p, "deletePet").def.headers, [{ key: "api_key", value: "{{api_key}}" }]);
  assert.ok(p.renamed.some((r) => r.from === "petId" && r.to === "pet_id"));
});

Deno.test("OpenAPI import: USPTO resolves the {scheme} server variable with its default and takes parameter defaults as test values", async () => {
  const p = await plan(await fixture("oai-uspto.yaml"));
  assert.equal(p.apis.length, 3);
  assert.equal(p.skipped.length, 0);
  const fields = api(p, "list-searchable-fields");
  assert.equal(fields.def.url, "https://developer.uspto.gov/ds-api/{{dataset}}/{{version}}/fields");
  assert.deepEqual(fields.testValues, { dataset: "oa_citations", version: "v1" });
  assert.deepEqual(fields.samples.map((s) => s.status), [200, 404]);
  const search = api(p, "perform-search");
  assert.equal(search.def.method, "POST");
  assert.equal(search.def.body?.type, "form");
});

Deno.test("OpenAPI import: petstore-expanded names an operation without operationId, and api-with-examples keeps its examples as samples", async () => {
  const expanded = await plan(await fixture("oai-petstore-expanded.yaml"));
  assert.deepEqual(expanded.apis.map((a) => a.def.name), [
    "findPets",
    "addPet",
    "find pet by id",
    "deletePet",
  ]);
  assert.equal(api(expanded, "findPets").def.url, "https://petstore.swagger.io/v2/pets");
  assert.deepEqual(api(expanded, "findPets").def.query.map((q) => q.key), ["tags", "limit"]);

  const doc = await fixture("oai-api-with-examples.yaml");
  const without = await plan(doc);
  assert.equal(without.apis.length, 0);
  assert.deepEqual(without.skipped.map((s) => s.reason), [
    "The document names no server: give the import a base URL",
    "The document names no server: give the import a base URL",
  ]);
  const relative = await plan(doc.replace(`openapi: "3.0.0"`, `openapi: "3.0.0"\nservers:\n  - url: /v2`));
  assert.match(relative.skipped[0].reason, /The server URL "\/v2" is relative: give the import a base URL/);
  const examples = await plan(doc, { baseUrl: "https://api.example.com" });
  assert.deepEqual(examples.apis.map((a) => a.def.name), ["listVersionsv2", "getVersionDetailsv2"]);
  const list = api(examples, "listVersionsv2");
  assert.equal(list.def.url, "https://api.example.com/");
  assert.deepEqual(list.samples.map((s) => s.status), [200, 300]);
  assert.equal(JSON.parse(list.samples[0].body).versions[0].id, "v2.0");
});

Deno.test("OpenAPI import: the link example (3.0) and the non-OAuth scopes example (3.1, JSON, bearer)", async () => {
  const links = await plan(await fixture("oai-link-example.yaml"), {
    baseUrl: "https://git.example.com/api",
  });
  assert.equal(links.apis.length, 6);
  assert.equal(
    api(links, "getPullRequestsById").def.url,
    "https://git.example.com/api/2.0/repositories/{{username}}/{{slug}}/pullrequests/{{pid}}",
  );
  assert.equal(api(links, "mergePullRequest").def.method, "POST");

  const scopes = await plan(await fixture("oai-non-oauth-scopes.json"), {
    baseUrl: "https://users.example.com",
  });
  assert.equal(scopes.apis.length, 1);
  const users = api(scopes, "GET /users");
  assert.equal(users.def.url, "https://users.example.com/users");
  assert.deepEqual(users.def.auth, { type: "bearer", token: "" });
});

Deno.test("OpenAPI import: an external $ref is not fetched, and oauth2 client credentials become the auth", async () => {
  const doc = {
    openapi: "3.1.0",
    info: { title: "Tokens", version: "1" },
    servers: [{ url: "https://{region}.api.example.com/v1", variables: { region: { default: "eu" } } }],
    components: {
      securitySchemes: {
        cc: {
          type: "oauth2",
          flows: { clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: {} } },
        },
      },
    },
    security: [{ cc: ["orders:read"] }],
    paths: {
      "/orders/{id}": {
        parameters: [{ name: "id", in: "path", required: true, example: "A-1" }],
        get: {
          operationId: "getOrder",
          responses: {
            "200": {
              description: "ok",
              content: { "application/json": { schema: { $ref: "http://127.0.0.1:9/never.json#/Order" } } },
            },
          },
        },
      },
    },
  };
  const p = await plan(JSON.stringify(doc));
  const order = api(p, "getOrder");
  assert.equal(order.def.url, "https://eu.api.example.com/v1/orders/{{id}}");
  assert.deepEqual(order.testValues, { id: "A-1" });
  assert.deepEqual(order.def.auth as unknown, {
    type: "oauth2",
    tokenUrl: "https://auth.example.com/token",
    clientId: "",
    clientSecret: "",
    scope: "orders:read",
  });
});
