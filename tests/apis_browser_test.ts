/**
 * The seed's steps as a new admin would take them: attributes, an API from
 * a pasted cURL command, bearer auth, `{{order_id}}` through the `/` picker,
 * a test against the fake shop, the saved structure and two mappings.
 */
import assert from "node:assert/strict";
import { getApi } from "../db/apis.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer } from "./harness.ts";

Deno.test({
  name: "API pages take an admin from a cURL command to a tested, mapped API",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const shop = await startFakeShop();
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);

      for (const [name, type] of [["order_id", "text"], ["total", "number"]]) {
        await page.goto(`${server.url}/attributes`);
        await page.fill("#name", name);
        await page.selectOption("#type", type);
        await Promise.all([page.waitForURL(/\/attributes$/), page.click("text=Save attribute")]);
      }
      assert.equal(await page.locator("#attributes tbody tr").count(), 2);

      await page.goto(`${server.url}/apis/new`);
      await page.fill("#name", "Get order");
      await page.fill("#curl", `curl '${shop.url}/orders/123?lang=en' -H 'Accept: application/json'`);
      await Promise.all([page.waitForLoadState("load"), page.click("#curl-import")]);
      await page.waitForSelector("#curl-imported");
      assert.equal(await page.inputValue("#url"), `${shop.url}/orders/123`);
      assert.equal(await page.inputValue('input[name="query_key"]'), "lang");
      assert.equal(await page.inputValue('input[name="headers_value"]'), "application/json");

      await page.selectOption("#authType", "bearer");
      await page.fill("#token", "tok-browser-secret-9");
      // Select the example id and type "/": the picker replaces the selection (and the slash).
      await page.click("#url");
      await page.keyboard.press("End");
      for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowLeft");
      await page.keyboard.type("/");
      await page.waitForSelector(".picker li");
      await page.keyboard.type("ord");
      assert.deepEqual(await page.locator(".picker li").allTextContents(), ["order_id"]);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#url"), `${shop.url}/orders/{{order_id}}`);
      assert.equal(await page.locator(".picker").count(), 0);
      await screenshot(page, "apis-editor");

      await Promise.all([page.waitForURL(/\/apis\/\d+\?saved=1$/), page.click("#save-api")]);
      const id = Number(/\/apis\/(\d+)/.exec(page.url())![1]);
      const stored = await getApi(server.db, server.deps.secrets, id);
      assert.deepEqual(stored!.def.auth, { type: "bearer", token: "tok-browser-secret-9" });
      assert.ok(!(await page.content()).includes("tok-browser-secret-9"));

      await page.click("nav.tabs >> text=Test");
      await page.fill('[name="value:order_id"]', "123");
      await page.click("#send-test");
      await page.waitForSelector("#test-outcome");
      assert.match(await page.textContent("#test-outcome .result-facts") ?? "", /200/);
      assert.equal(shop.calls.at(-1)?.path, "/orders/123");
      assert.equal(shop.calls.at(-1)?.headers.authorization, "Bearer tok-browser-secret-9");
      assert.ok(await page.locator(".json-tree details").count() > 0);
      await screenshot(page, "apis-test-result");

      await page.click("#save-sample");
      await page.waitForSelector("#sample-saved");
      await Promise.all([page.waitForURL(/\/mapping\?status=200$/), page.click("#sample-saved a")]);
      await page.selectOption('tr[data-path="$.totals.grand"] select[name="attribute"]', "total");
      await page.selectOption('tr[data-path="$.items[0].name"] select[name="attribute"]', "__new");
      await page.fill('tr[data-path="$.items[0].name"] input[name="new_name"]', "first_item");
      await page.locator('tr[data-path="$.items[0].name"] input[name="new_name"]').dispatchEvent("change");
      await page.waitForSelector('#mapping-preview tr[data-attribute="first_item"] >> text=Mug');
      assert.equal(
        await page.textContent('#mapping-preview tr[data-attribute="total"] .preview-value'),
        "42.5",
      );
      await screenshot(page, "apis-mapping");
      await Promise.all([page.waitForURL(/saved=1$/), page.click("#save-mappings")]);
      assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
        { path: "$.totals.grand", attribute: "total" },
        { path: "$.items[0].name", attribute: "first_item" },
      ]);

      // A slow answer shows progress and can be cancelled.
      shop.setMode("slow");
      await page.goto(`${server.url}/apis/${id}/test`);
      await page.click("#send-test");
      await page.waitForSelector("#test-progress.htmx-request");
      await page.click("#cancel-test");
      await page.waitForSelector("#test-outcome >> text=Cancelled");
      shop.setMode("ok");

      await page.goto(`${server.url}/logs`);
      assert.ok(await page.locator(".log-table tbody tr").count() >= 2);
      assert.ok(!(await page.content()).includes("tok-browser-secret-9"));
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await shop.close();
      await server.close();
    }
  },
});
