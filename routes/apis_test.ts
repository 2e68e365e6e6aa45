import assert from "node:assert/strict";
import { getApi, listApiSummaries, listSamples, saveMappings, seenStatuses } from "../db/apis.ts";
import { listApiCalls } from "../db/api_calls.ts";
import { createAttribute, listAttributeDefs } from "../db/attributes.ts";
import { postForm, signIn, startServer } from "../tests/harness.ts";
import { startFakeShop } from "../tests/fake_shop.ts";

const base = {
  name: "Get order",
  method: "GET",
  query_key: "lang",
  query_value: "en",
  bodyType: "none",
  authType: "bearer",
  token: "tok-route-secret-123",
  keyIn: "header",
  timeoutMs: "5000",
  retry: "0",
};

Deno.test("API editor validates with 422 and keeps values, then saves with a sealed secret", async () => {
  const server = await startServer({ workers: false, listen: false });
  try {
    const session = await signIn(server);
    const bad = await postForm(server, session, "/apis", {
      ...base,
      url: "https://{{host}}/orders",
      timeoutMs: "5",
    });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /Placeholders are not allowed in the scheme, host or port/);
    assert.match(html, /The timeout is 100 to 60000 ms/);
    assert.match(html, /value="Get order"/);
    assert.ok(!html.includes("tok-route-secret-123"), "the typed secret is not echoed back");
    const sealed = /name="sealed_token" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(sealed?.startsWith("v1."));
    // Nothing is saved yet: the page must not claim a stored value.
    assert.doesNotMatch(html, /A value is saved/);
    assert.match(html, /The value you typed is kept for this form, not saved yet/);

    const ok = await postForm(server, session, "/apis", {
      ...base,
      token: "",
      sealed_token: sealed!,
      url: "https://shop.example/orders/{{order_id}}/{{nope}}",
    });
    assert.equal(ok.status, 303);
    const id = Number(/\/apis\/(\d+)/.exec(ok.headers.get("location")!)![1]);
    const api = await getApi(server.db, server.deps.secrets, id);
    assert.deepEqual(api!.def.auth, { type: "bearer", token: "tok-route-secret-123" });
    await createAttribute(server.db, { name: "order_id", type: "text" });
    const page = await (await server.request(`/apis/${id}?saved=1`, { headers: { cookie: session.cookie } }))
      .text();
    assert.match(page, /Unknown attributes: <code>\{\{nope\}\}<\/code>/);
    assert.ok(!page.includes("tok-route-secret-123"));
    assert.match(page, /•••••••• \(unchanged\)/);

    const dup = await postForm(server, session, "/apis", { ...base, url: "https://x.example/" });
    assert.equal(dup.status, 422);
    assert.match(await dup.text(), /already exists/);
    const upper = await postForm(server, session, "/apis", {
      ...base,
      name: "GET ORDER",
      url: "https://x.example/",
    });
    assert.equal(upper.status, 422, "API names are unique ignoring case");
    assert.match(await upper.text(), /An API named &quot;GET ORDER&quot; already exists/);

    // A refused rename keeps the stored name in the heading.
    const other = await postForm(server, session, "/apis", {
      ...base,
      name: "List orders",
      url: "https://x.example/",
    });
    const otherId = Number(/\/apis\/(\d+)/.exec(other.headers.get("location")!)![1]);
    const rename = await postForm(server, session, `/apis/${otherId}`, {
      ...base,
      name: "get order",
      url: "https://x.example/",
    });
    assert.equal(rename.status, 422);
    const renameHtml = await rename.text();
    assert.match(renameHtml, /<h1>List orders<\/h1>/);
    assert.match(renameHtml, /value="get order"/);
  } finally {
    await server.close();
  }
});

Deno.test("cURL import fills the form without saving", async () => {
  const server = await startServer({ workers: false, listen: false });
  try {
    const session = await signIn(server);
    const res = await postForm(server, session, "/apis/import-curl", {
      name: "Imported",
      curl:
        `curl -X POST 'https://shop.example/orders?lang=en' -H 'X-Trace: 1' -u ada:pw-imported-1 -d '{"id": 1}'`,
    });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<option value="POST" selected/);
    assert.match(html, /value="https:\/\/shop.example\/orders"/);
    assert.match(html, /name="query_key" value="lang"/);
    assert.match(html, /name="headers_key" value="X-Trace"/);
    assert.match(html, /<option value="basic" selected/);
    assert.match(html, /value="ada"/);
    assert.ok(!html.includes("pw-imported-1"));
    assert.match(html, /name="sealed_password" value="v1\./);
    assert.deepEqual(await listApiSummaries(server.db), []);
  } finally {
    await server.close();
  }
});

Deno.test("testing an API calls the shop, logs it, saves its structure, and mapping previews values", async () => {
  const server = await startServer({ workers: false, listen: false });
  const shop = await startFakeShop();
  try {
    const session = await signIn(server);
    await createAttribute(server.db, { name: "order_id", type: "text" });
    await createAttribute(server.db, { name: "total", type: "number" });
    const saved = await postForm(server, session, "/apis", {
      ...base,
      url: `${shop.url}/orders/{{order_id}}`,
    });
    const id = Number(/\/apis\/(\d+)/.exec(saved.headers.get("location")!)![1]);

    const test = await postForm(server, session, `/apis/${id}/test`, {
      testId: "t1",
      "value:order_id": "123",
    });
    assert.equal(test.status, 200);
    const html = await test.text();
    assert.match(html, /badge s2xx">200/);
    assert.match(html, /Save response structure/);
    assert.equal(shop.calls[0].headers.authorization, "Bearer tok-route-secret-123");
    assert.ok(!html.includes("tok-route-secret-123"));
    const [logged] = await listApiCalls(server.db);
    assert.equal(logged.source, "test");
    assert.equal(logged.status, 200);
    assert.match(logged.url, /\/orders\/123\?lang=en$/);
    assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.testValues, { order_id: "123" });

    const body = /name="body" value="([^"]*)"/.exec(html)![1].replaceAll("&quot;", '"');
    assert.equal(
      (await postForm(server, session, `/apis/${id}/sample`, { body, status: "200" })).status,
      303,
    );
    assert.deepEqual(await seenStatuses(server.db, "Get order"), [200]);

    const mapping =
      await (await server.request(`/apis/${id}/mapping`, { headers: { cookie: session.cookie } }))
        .text();
    assert.match(mapping, /\$\.items\[0\]\.name/);
    assert.match(mapping, /\$\.items\[\*\]\.sku/);

    const form = new URLSearchParams({ _csrf: session.csrf });
    for (
      const [path, attribute, newName] of [["$.totals.grand", "total", ""], [
        "$.items[0].name",
        "__new",
        "first_item",
      ]]
    ) {
      form.append("path", path);
      form.append("attribute", attribute);
      form.append("new_name", newName);
      form.append("new_type", "text");
    }
    const preview = await server.request(`/apis/${id}/mapping/preview`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const previewHtml = await preview.text();
    assert.match(previewHtml, /42\.5/);
    assert.match(previewHtml, /Mug/);
    const save = await server.request(`/apis/${id}/mapping`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    assert.equal(save.status, 303);
    assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
      { path: "$.totals.grand", attribute: "total" },
      { path: "$.items[0].name", attribute: "first_item" },
    ]);
    assert.ok((await listAttributeDefs(server.db)).some((a) => a.name === "first_item"));

    const missing = await postForm(server, session, `/apis/${id}/test`, {
      testId: "t2",
      "value:order_id": "404",
    });
    // The 200's paths are not missing from a 404: they belong to another status.
    const missingHtml = await missing.text();
    assert.doesNotMatch(missingHtml, /id="drift-warning"/);

    // A 404 sample is saved beside the 200's, and a 404 mapping whose path the answer lacks is drift.
    const body404 = /name="body" value="([^"]*)"/.exec(missingHtml)![1].replaceAll("&quot;", '"');
    await postForm(server, session, `/apis/${id}/sample`, { body: body404, status: "404" });
    assert.deepEqual((await listSamples(server.db, id)).map((s) => s.status), [200, 404]);
    const mappings = (await getApi(server.db, server.deps.secrets, id))!.def.mappings;
    await saveMappings(server.db, id, [...mappings, {
      path: "$.reason",
      attribute: "first_item",
      status: "4xx",
    }]);
    const drift = await postForm(server, session, `/apis/${id}/test`, {
      testId: "t3",
      "value:order_id": "404",
    });
    const driftHtml = await drift.text();
    assert.match(driftHtml, /id="drift-warning"[\s\S]*\$\.reason/);
    assert.doesNotMatch(driftHtml, /<code>\$\.totals\.grand<\/code>/);

    const logs = await (await server.request(`/logs?status=4xx`, { headers: { cookie: session.cookie } }))
      .text();
    assert.match(logs, /badge s4xx">404/);
    assert.doesNotMatch(logs, /badge s2xx">200/);
    assert.match(logs, /14 days/);
  } finally {
    await shop.close();
    await server.close();
  }
});
