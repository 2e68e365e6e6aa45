/**
 * The `/` picker on the API editor, driven with the keyboard (issue 11):
 * `/` is a normal character in URLs, queries, headers and JSON; the list
 * opens only at a word start, after `{{` or over a selection; nothing is
 * inserted until the user moves to an item; the field is a WAI-ARIA combobox.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { upsertAttributes } from "../db/attributes.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn, startServer } from "./harness.ts";

async function pickerOpen(page: Page): Promise<boolean> {
  return await page.locator("#attribute-picker").count() === 1;
}

Deno.test({
  name: "the / picker leaves / alone in URLs and JSON and inserts only an item the user moved to",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      await upsertAttributes(server.db, [{ name: "order_id", type: "text" }, {
        name: "total",
        type: "number",
      }]);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/apis/new`);

      // URL: "…/orders/" then Tab keeps the slash and moves on; nothing is inserted.
      await page.click("#url");
      await page.keyboard.type("https://shop.example/orders/");
      assert.equal(await pickerOpen(page), false, "a slash inside a URL opens nothing");
      await page.keyboard.press("Tab");
      assert.equal(await page.inputValue("#url"), "https://shop.example/orders/");
      assert.notEqual(await page.evaluate(() => document.activeElement?.id), "url", "Tab moved the focus");
      assert.equal(await page.getAttribute("#url", "role"), "combobox");
      assert.equal(await page.getAttribute("#url", "aria-expanded"), "false");

      // URL: a selected value replaced by "/" opens the list; the insertion drops the slash.
      await page.fill("#url", "https://shop.example/orders/123");
      await page.focus("#url");
      await page.evaluate(() => {
        const url = document.getElementById("url") as HTMLInputElement;
        url.setSelectionRange(url.value.length - 3, url.value.length);
      });
      await page.keyboard.type("/");
      assert.equal(await pickerOpen(page), true);
      assert.equal(await page.getAttribute("#url", "aria-expanded"), "true");
      assert.equal(await page.getAttribute("#url", "aria-controls"), "attribute-picker");
      assert.equal(await page.getAttribute("#url", "aria-activedescendant"), null, "nothing chosen yet");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.getAttribute("#url", "aria-activedescendant"), "attribute-picker-0");
      assert.equal(await page.getAttribute("#attribute-picker-0", "aria-selected"), "true");
      assert.equal(await page.textContent("#attribute-picker-0"), "order_id");
      await screenshot(page, "picker-url");
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#url"), "https://shop.example/orders/{{order_id}}");
      assert.equal(await page.getAttribute("#url", "aria-expanded"), "false");

      // Query value: "/" at the start opens; Escape closes and keeps what was typed; Tab unchosen inserts nothing.
      // The query and header rows come in with htmx, as an admin adds them.
      await page.click('button[hx-get="/apis/rows/query"]');
      await page.click('button[hx-get="/apis/rows/headers"]');
      await page.waitForSelector('input[name="headers_value"]');
      const query = page.locator('input[name="query_value"]').first();
      await query.click();
      await page.keyboard.type("/tot");
      assert.deepEqual(await page.locator("#attribute-picker li").allTextContents(), ["total"]);
      await page.keyboard.press("Escape");
      assert.equal(await pickerOpen(page), false);
      assert.equal(await query.inputValue(), "/tot");
      await query.fill("");
      await page.keyboard.type("/to");
      assert.equal(await pickerOpen(page), true);
      await page.keyboard.press("Tab");
      assert.equal(await query.inputValue(), "/to", "Tab without moving to an item inserts nothing");
      assert.equal(await pickerOpen(page), false);

      // Header value: "{{" opens the list; the item replaces the braces.
      const header = page.locator('input[name="headers_value"]').first();
      await header.click();
      await page.keyboard.type("Bearer {{to");
      assert.deepEqual(await page.locator("#attribute-picker li").allTextContents(), ["total"]);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.equal(await header.inputValue(), "Bearer {{total}}");
      assert.equal(
        await page.locator("form.api-editor, form").first().count(),
        1,
        "Enter chose, not submitted",
      );
      assert.match(page.url(), /\/apis\/new$/);
      // "{{/" works as well, and ArrowUp from nothing chosen takes the last item.
      await header.fill("");
      await page.keyboard.type("{{/");
      await page.keyboard.press("ArrowUp");
      const last = await page.locator("#attribute-picker li").last().textContent();
      await page.keyboard.press("Enter");
      assert.equal(await header.inputValue(), `{{${last}}}`);

      // JSON body: Enter after "https:/" in a string is a new line; an unchosen list never eats Enter.
      await page.selectOption("#method", "POST");
      await page.click('label:has(input[name="bodyType"][value="json"])');
      await page.click("#json");
      await page.keyboard.type('{"url": "https:/');
      assert.equal(await pickerOpen(page), false);
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#json"), '{"url": "https:/\n');
      await page.keyboard.type('"id": "/ord');
      assert.equal(await pickerOpen(page), true, 'after a quote "/" starts a word');
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#json"), '{"url": "https:/\n"id": "/ord\n');
      // Typing something no attribute matches closes the list; a click on an item inserts it.
      await page.keyboard.type("/ord ");
      assert.equal(await pickerOpen(page), false, "a space closes the list");
      await page.keyboard.type("/");
      await page.click("#attribute-picker li >> text=total");
      assert.equal(await page.inputValue("#json"), '{"url": "https:/\n"id": "/ord\n/ord {{total}}');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
