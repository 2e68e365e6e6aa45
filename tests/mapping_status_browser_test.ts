/**
 * Responses per status (DESIGN §4): a 200 and a 404 saved side by side as
 * tabs, a mapping per status, a path that matches nothing shown as cleared
 * (or kept), and a warning for two mappings into one attribute.
 */
import assert from "node:assert/strict";
import { getApi, listSamples, saveApi } from "../db/apis.ts";
import { createAttribute, listAttributeDefs } from "../db/attributes.ts";
import { api } from "./api_fixtures.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer } from "./harness.ts";

Deno.test({
  name: "mapping page keeps a sample per status and previews cleared, kept and per-status values",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const shop = await startFakeShop();
    const browser = await launchBrowser();
    try {
      await signIn(server);
      await createAttribute(server.db, { name: "order_id", type: "text" });
      await createAttribute(server.db, { name: "customer_name", type: "text" });
      await createAttribute(server.db, { name: "error_text", type: "text" });
      await createAttribute(server.db, { name: "coupon", type: "text", default: "none" });
      const id = await saveApi(server.db, server.deps.secrets, api(`${shop.url}/orders/{{order_id}}`));
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);

      for (const order of ["123", "404"]) {
        await page.goto(`${server.url}/apis/${id}/test`);
        await page.fill('[name="value:order_id"]', order);
        await page.click("#send-test");
        await page.waitForSelector("#test-outcome");
        await page.click("#save-sample");
        await page.waitForSelector("#sample-saved");
      }
      assert.match(await page.textContent("#sample-saved") ?? "", /sample of status 404/);
      assert.deepEqual((await listSamples(server.db, id)).map((s) => s.status), [200, 404]);
      assert.doesNotMatch(await page.textContent("#test-outcome") ?? "", /response has changed/);

      await page.goto(`${server.url}/apis/${id}/mapping`);
      assert.deepEqual(await page.locator("[role=tab]").allTextContents(), ["Status 200", "Status 404"]);
      assert.equal(await page.getAttribute("#sample-tab-200", "aria-selected"), "true");
      assert.equal(await page.isVisible("#sample-panel-404"), false);

      const panel200 = page.locator("#sample-panel-200");
      await panel200.locator('tr[data-path="$.customer.name"] select[name="attribute"]').selectOption(
        "customer_name",
      );
      const free200 = panel200.locator("tr.free-row").last();
      await free200.locator('input[name="path"]').fill("$.coupon");
      await free200.locator('select[name="attribute"]').selectOption("coupon");
      await page.waitForSelector(
        '#mapping-preview [data-status="200"] tr[data-attribute="coupon"][data-outcome="cleared"]',
      );
      assert.match(
        await page.textContent('#mapping-preview [data-status="200"] tr[data-attribute="coupon"]') ?? "",
        /cleared to none/,
      );
      assert.match(
        await page.textContent('#mapping-preview [data-status="200"] tr[data-attribute="customer_name"]') ??
          "",
        /Ada/,
      );
      await free200.locator('input[name="keep"]').check();
      await page.waitForSelector(
        '#mapping-preview [data-status="200"] tr[data-attribute="coupon"][data-outcome="kept"]',
      );

      // Two mappings into customer_name for 2xx and 200 overlap: a warning, gone once one is dropped.
      const idRow = panel200.locator('tr[data-path="$.id"]');
      await idRow.locator('select[name="attribute"]').selectOption("customer_name");
      await idRow.locator('input[name="status"]').fill("200");
      await page.waitForSelector(".overlap-warning >> text=Two mappings fill customer_name");
      await idRow.locator('select[name="attribute"]').selectOption("");
      await page.waitForSelector(".overlap-warning", { state: "detached" });
      await screenshot(page, "mapping-status-200");

      // The keyboard reaches the 404 tab; its rows default to status 404.
      await page.focus("#sample-tab-200");
      await page.keyboard.press("ArrowRight");
      assert.equal(await page.getAttribute("#sample-tab-404", "aria-selected"), "true");
      assert.equal(await page.isVisible("#sample-panel-404"), true);
      assert.equal(await page.isVisible("#sample-panel-200"), false);
      const errorRow = page.locator('#sample-panel-404 tr[data-path="$.error"]');
      assert.equal(await errorRow.locator('input[name="status"]').inputValue(), "404");
      await errorRow.locator('select[name="attribute"]').selectOption("error_text");
      await page.waitForSelector('#mapping-preview [data-status="404"] tr[data-attribute="error_text"]');
      assert.match(
        await page.textContent('#mapping-preview [data-status="404"]') ?? "",
        /not found/,
      );
      // A 2xx mapping does not apply to the 404: it is not in that panel.
      assert.equal(
        await page.locator('#mapping-preview [data-status="404"] tr[data-attribute="customer_name"]').count(),
        0,
      );
      await screenshot(page, "mapping-status-404");

      await Promise.all([page.waitForURL(/saved=1$/), page.click("#save-mappings")]);
      assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings, [
        { path: "$.customer.name", attribute: "customer_name" },
        { path: "$.coupon", attribute: "coupon", keep: true },
        { path: "$.error", attribute: "error_text", status: "404" },
      ]);
      // Reloaded, each mapping is back on its status's tab.
      assert.equal(
        await page.locator('#sample-panel-404 tr[data-path="$.error"] select[name="attribute"]').inputValue(),
        "error_text",
      );
      assert.equal(await page.locator('#sample-panel-200 tr.free-row input[name="keep"]:checked').count(), 1);

      // One click stores the order's items as a list: a text attribute, its mapping saved beside the others.
      await Promise.all([
        page.waitForURL(/\/mapping\/list$/),
        page.click('#sample-panel-200 tr[data-path="$.items"] button:has-text("Store as a list")'),
      ]);
      assert.match(
        await page.textContent("#list-stored") ?? "",
        /Created the text attribute items.*Choices: from a list/,
      );
      assert.equal(
        await page.locator('#sample-panel-200 tr[data-path="$.items"] select[name="attribute"]').inputValue(),
        "items",
      );
      await page.waitForSelector('#mapping-preview [data-status="200"] tr[data-attribute="items"]');
      assert.deepEqual((await getApi(server.db, server.deps.secrets, id))!.def.mappings.at(-1), {
        path: "$.items",
        attribute: "items",
      });
      assert.equal((await listAttributeDefs(server.db)).find((a) => a.name === "items")?.type, "text");
      await page.locator('#sample-panel-200 tr[data-path="$.items"]').scrollIntoViewIfNeeded();
      await screenshot(page, "mapping-store-list");
      // Enter in a field still saves (the hidden default button), not "Store as a list" of the first list row.
      await Promise.all([
        page.waitForURL(/saved=1$/),
        page.locator('#sample-panel-200 tr.free-row input[name="path"]').last().press("Enter"),
      ]);
      assert.equal((await getApi(server.db, server.deps.secrets, id))!.def.mappings.length, 4);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await shop.close();
      await server.close();
    }
  },
});
