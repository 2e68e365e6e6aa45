import assert from "node:assert/strict";
import { getApi, saveApi, saveSample } from "../db/apis.ts";
import { createAttribute, listAttributeDefs } from "../db/attributes.ts";
import { api } from "../tests/api_fixtures.ts";
import { customerOrders } from "../tests/fake_shop.ts";
import { signIn, startServer } from "../tests/harness.ts";

/** The page's form as the browser posts it when "Store as a list" is pressed on `button`. */
function storeList(button: string, csrf: string, rows: [string, string][] = []): URLSearchParams {
  const form = new URLSearchParams({ _csrf: csrf, store_list: button });
  for (const [path, attribute] of rows) {
    form.append("path", path);
    form.append("attribute", attribute);
    form.append("new_name", "");
    form.append("new_type", "text");
    form.append("status", "2xx");
  }
  return form;
}

Deno.test("Store as a list creates a text attribute and its mapping once, however often it is pressed", async () => {
  const server = await startServer({ workers: false, listen: false });
  try {
    const session = await signIn(server);
    // "orders" is taken by a number: the list goes to orders_list instead.
    await createAttribute(server.db, { name: "orders", type: "number" });
    await createAttribute(server.db, { name: "customer", type: "text" });
    const id = await saveApi(
      server.db,
      server.deps.secrets,
      api("http://127.0.0.1:9/customers/{{customer}}/orders"),
    );
    const body = JSON.stringify({ customer: "ada3", orders: customerOrders("ada3") });
    await saveSample(server.db, id, { status: 200, body });
    await saveSample(server.db, id, {
      status: 404,
      body: JSON.stringify({ error: "not found", tried: ["a"] }),
    });

    const page = await (await server.request(`/apis/${id}/mapping`, { headers: { cookie: session.cookie } }))
      .text();
    for (const path of ["$.orders", "$.orders[*]", "$.tried"]) {
      assert.ok(page.includes(`aria-label="Store ${path} as a list"`), path);
    }
    assert.ok(!page.includes(`aria-label="Store $.orders[0] as a list"`));
    assert.ok(!page.includes(`aria-label="Store $.customer as a list"`));

    const post = (form: URLSearchParams) =>
      server.request(`/apis/${id}/mapping/list`, {
        method: "POST",
        headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
    // An unsaved pick in the form survives the click (shown again, not saved).
    const first = await post(storeList("200 $.orders", session.csrf, [["$.customer", "customer"]]));
    const html = await first.text();
    assert.equal(first.status, 200, html);
    assert.match(html, /Created the text attribute orders_list/);
    assert.match(html, /Choices: from a list/);
    assert.match(html, /<option value="customer" selected>customer<\/option>/);
    const defs = await listAttributeDefs(server.db);
    assert.equal(defs.find((a) => a.name === "orders_list")?.type, "text");
    assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
      { path: "$.orders", attribute: "orders_list" },
    ]);

    // Again, and from the [*] row of the same list (which maps the array itself): nothing new.
    for (const button of ["200 $.orders", "200 $.orders[*]"]) {
      const again = await post(storeList(button, session.csrf));
      assert.match(await again.text(), /\$\.orders is already stored in the attribute orders_list/);
    }
    assert.equal((await listAttributeDefs(server.db)).length, defs.length);
    assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
      { path: "$.orders", attribute: "orders_list" },
    ]);

    // The 404 panel's list gets that panel's status.
    const other = await post(storeList("404 $.tried", session.csrf));
    assert.match(await other.text(), /Created the text attribute tried/);
    assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
      { path: "$.orders", attribute: "orders_list" },
      { path: "$.tried", attribute: "tried", status: "404" },
    ]);

    // A path that is no list of the sample changes nothing.
    const bad = await post(storeList("200 $.customer", session.csrf));
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Cannot store &quot;\$\.customer&quot; as a list/);
    assert.equal((await listAttributeDefs(server.db)).length, defs.length + 1);
  } finally {
    await server.close();
  }
});
