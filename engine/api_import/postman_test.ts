import assert from "node:assert/strict";
import { planImport } from "./mod.ts";
import { api, fixture as read, plan } from "./testing.ts";

const fixture = (name: string) => read("postman", name);

Deno.test("Postman import: Autodesk Model Derivative creates 13 APIs named Folder / Request and skips the 2 signed-URL requests", async () => {
  const p = await plan(await fixture("autodesk-model-derivative.postman_collection.json"));
  assert.equal(p.format, "postman");
  assert.equal(p.title, "Model Derivative");
  assert.equal(p.apis.length, 13);
  assert.equal(p.skipped.length, 2);
  const signed = p.skipped.find((s) => s.name.endsWith("Upload the File"));
  assert.match(signed!.reason, /starts with \{\{ContentUploadSignedURL\}\}, which has no value/);

  const token = api(p, "Translate a Source File / Task 1 - Obtain an Access Token / Get an Access Token");
  assert.equal(token.def.method, "POST");
  assert.equal(token.def.url, "https://developer.api.autodesk.com/authentication/v2/token");
  assert.equal(token.def.body?.type, "form");

  const signedUrl = api(
    p,
    "Translate a Source File / Task 2 - Upload Source File to OSS / Obtain Signed URL",
  );
  assert.equal(
    signedUrl.def.url,
    "https://developer.api.autodesk.com/oss/v2/buckets/{{oss_bucket_key}}/objects/{{oss_source_file_object_key}}/signeds3upload",
  );
  assert.deepEqual(signedUrl.def.query, [{ key: "minutesExpiration", value: "5" }]);
  assert.deepEqual(signedUrl.def.headers, [{ key: "Authorization", value: "Bearer {{access_token}}" }]);

  const job = api(p, "Translate a Source File / Task 3 - Translate Source File / Create a Translation Job");
  assert.equal(job.def.body?.type, "json");
  // Renames follow the attribute rule and are listed for the pages.
  assert.ok(p.renamed.some((r) => r.from === "ossBucketKey" && r.to === "oss_bucket_key"));
  assert.ok(p.attributes.includes("access_token"));
  for (const name of p.attributes) assert.match(name, /^[a-z][a-z0-9_]{0,63}$/);
});

Deno.test("Postman import: Postman Echo maps raw JSON, raw text, XML and urlencoded bodies, drops disabled rows, skips GraphQL", async () => {
  const p = await plan(await fixture("postman-echo-basic.postman_collection.json"));
  assert.equal(p.apis.length, 13);
  assert.deepEqual(p.skipped, [{
    name: "POST graphql body(json) with raw",
    reason: 'Postman body mode "graphql" cannot be expressed as a Chatwire body',
  }]);
  const json = api(p, "POST json with raw");
  assert.equal(json.def.body?.type, "json");
  const xml = api(p, "POST text/xml with raw");
  assert.deepEqual(xml.def.body && "contentType" in xml.def.body && xml.def.body.contentType, "text/xml");
  const form = api(p, "POST urlencoded data");
  assert.equal(form.def.body?.type, "form");
  assert.ok(form.def.body?.type === "form" && form.def.body.fields.length > 0);
  const disabled = api(p, "Request Headers with disabled headers");
  assert.ok(!disabled.def.headers.some((h) => /^disabled/i.test(h.key)));
  const query = api(p, "GET Request with disabled query");
  assert.equal(query.def.url, "https://postman-echo.com/get");
  assert.deepEqual(query.def.query, [{ key: "test", value: "123" }, { key: "anotherone", value: "232" }]);
  assert.equal(api(p, "DELETE Request").def.method, "DELETE");
});

Deno.test("Postman import: Wise Groups API needs a base URL for {{host}}, then carries basic and bearer auth over", async () => {
  const text = await fixture("wise-groups-api.postman_collection.json");
  const without = await plan(text);
  assert.equal(without.apis.length, 0);
  assert.equal(without.skipped.length, 11);
  assert.match(
    without.skipped[0].reason,
    /\{\{host\}\}, which has no value in the collection: give the import a base URL/,
  );

  const p = await plan(text, { baseUrl: "https://api.sandbox.transferwise.tech" });
  assert.equal(p.apis.length, 11);
  assert.equal(p.skipped.length, 0);
  const tokens = api(p, "Authentication / 1. Generate tokens from authorization code");
  assert.deepEqual(tokens.def.auth, { type: "basic", username: "", password: "" });
  assert.ok(tokens.notes.some((n) => n.includes("{{client_secret}}")));
  const details = api(p, "Get balance group details");
  assert.equal(
    details.def.url,
    "https://api.sandbox.transferwise.tech/v1/profile-access-groups/{{group_id}}",
  );
  assert.deepEqual(details.def.query, [{ key: "profileId", value: "{{profile_id}}" }]);
  assert.deepEqual(details.def.auth, { type: "bearer", token: "" });
});

Deno.test("Postman import: collection and folder variables fill the host and the first test; auth secrets take their values", async () => {
  const collection = {
    info: { name: "Shop", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    variable: [{ key: "baseUrl", value: "https://shop.example.com/v1" }, { key: "orderId", value: "A-17" }, {
      key: "apiKey",
      value: "k-secret",
    }],
    auth: { type: "apikey", apikey: [{ key: "key", value: "X-Key" }, { key: "value", value: "{{apiKey}}" }] },
    item: [{
      name: "Orders",
      variable: [{ key: "orderId", value: "B-2" }],
      item: [{
        name: "Get order",
        request: {
          method: "GET",
          url: {
            raw: "{{baseUrl}}/orders/:orderId?lang={{lang}}",
            query: [{ key: "lang", value: "{{lang}}" }],
            variable: [{ key: "orderId", value: "{{orderId}}" }],
          },
        },
      }, {
        name: "Upload",
        request: { method: "POST", url: "{{baseUrl}}/files", body: { mode: "file", file: {} } },
      }, { name: "Head", request: { method: "HEAD", url: "{{baseUrl}}/orders" } }],
    }],
  };
  const p = await plan(JSON.stringify(collection));
  const get = api(p, "Orders / Get order");
  assert.equal(get.def.url, "https://shop.example.com/v1/orders/{{order_id}}");
  assert.deepEqual(get.def.query, [{ key: "lang", value: "{{lang}}" }]);
  assert.deepEqual(get.def.auth, { type: "apiKey", in: "header", name: "X-Key", value: "k-secret" });
  // The folder's value wins over the collection's.
  assert.deepEqual(get.testValues, { order_id: "B-2" });
  assert.deepEqual(p.skipped.map((s) => s.reason), [
    'Postman body mode "file" cannot be expressed as a Chatwire body',
    "Method HEAD is not one of GET, POST, PUT, PATCH, DELETE",
  ]);
  assert.deepEqual(p.attributes, ["lang", "order_id"]);
});

Deno.test("planImport() refuses a v2.0 collection, Swagger 2.0 and broken JSON with a clear error", async () => {
  const v2 = await planImport({
    info: { schema: "https://schema.getpostman.com/json/collection/v2.0.0/" },
    item: [],
  });
  assert.deepEqual(v2, {
    ok: false,
    error: "Cannot import a Postman collection v2.0: export it as Collection v2.1 and import again",
  });
  const swagger = await planImport('{"swagger": "2.0", "paths": {}}');
  assert.equal(swagger.ok, false);
  assert.match((swagger as { error: string }).error, /Swagger 2\.0/);
  const broken = await planImport('{"info": ');
  assert.match((broken as { error: string }).error, /^Cannot import: the JSON is not valid/);
});

Deno.test("Postman import: OAuth 2.0 client credentials carry over; an authorization-code grant is skipped with the reason", async () => {
  const oauth = (grant: string) => ({
    type: "oauth2",
    oauth2: [
      { key: "grant_type", value: grant },
      { key: "accessTokenUrl", value: "{{auth}}/oauth/token" },
      { key: "clientId", value: "{{client_id}}" },
      { key: "clientSecret", value: "cs-from-collection" },
      { key: "scope", value: "orders:read" },
      { key: "client_authentication", value: "body" },
    ],
  });
  const collection = {
    info: { name: "OAuth", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    variable: [{ key: "auth", value: "https://auth.example.com" }, { key: "client_id", value: "cid-1" }],
    item: [
      {
        name: "Machine",
        request: { method: "GET", url: "https://api.example.com/orders", auth: oauth("client_credentials") },
      },
      {
        name: "User",
        request: { method: "GET", url: "https://api.example.com/me", auth: oauth("authorization_code") },
      },
    ],
  };
  const p = await plan(JSON.stringify(collection));
  assert.deepEqual(api(p, "Machine").def.auth, {
    type: "oauth2",
    tokenUrl: "https://auth.example.com/oauth/token",
    clientId: "cid-1",
    clientSecret: "cs-from-collection",
    clientAuth: "body",
    scope: "orders:read",
  });
  assert.deepEqual(p.skipped, [{
    name: "User",
    reason:
      'Postman OAuth 2.0 "authorization_code" needs a user: only client credentials can be carried over',
  }]);
});
