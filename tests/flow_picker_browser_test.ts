/**
 * The `/` attribute picker in the flow editor: the node forms are swapped in
 * by htmx, and picker.js (listening on document) must still serve them.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { upsertAttributes } from "../db/attributes.ts";
import { getBot } from "../db/bots.ts";
import type { MessageNode } from "../engine/types.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn, startServer } from "./harness.ts";

/** Waits until htmx has swapped and settled. */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"));
}

Deno.test({
  name:
    "flow editor's message text offers attributes on / and ArrowDown, Enter inserts {{order_id}} at the cursor",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      await upsertAttributes(server.db, [
        { name: "order_id", type: "text" },
        { name: "total", type: "number" },
      ]);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/bots`);
      await page.fill("#name", "Picker");
      await Promise.all([page.waitForURL(/\/bots\/\d+\/flow$/), page.click("form[action='/bots'] button")]);
      const botId = Number(new URL(page.url()).pathname.split("/")[2]);
      const names = JSON.parse(await page.textContent("#attribute-names") ?? "[]");
      assert.deepEqual(names, [
        "order_id",
        "total",
        "sys.phone",
        "sys.name",
        "sys.input",
        "sys.status",
        "sys.flow_response",
        "sys.choice",
      ]);

      await page.selectOption(".add-node select[name=type]", "message");
      await page.click(".add-node button[type=submit]");
      await page.waitForSelector("#node-form");
      await settled(page);
      await page.fill("#node-form input[name=id]", "greet");
      const text = page.locator("#node-form textarea[name=text]");
      // Text after the cursor proves the insertion lands at the cursor, not at the end.
      await text.fill(" today?");
      await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
      await page.keyboard.type("Hi /");
      await page.waitForSelector(".picker li");
      assert.ok((await page.locator(".picker li").allTextContents()).includes("sys.phone"));
      await page.keyboard.type("ord");
      assert.deepEqual(await page.locator(".picker li").allTextContents(), ["order_id"]);
      await screenshot(page, "flow_picker");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.equal(await text.inputValue(), "Hi {{order_id}} today?");
      assert.equal(await page.locator(".picker").count(), 0);
      // The caret sits right after the inserted placeholder.
      await page.keyboard.type("!");
      assert.equal(await text.inputValue(), "Hi {{order_id}}! today?");
      assert.equal(await page.locator("#node-form").count(), 1, "Enter must not submit the form");

      await page.click("#node-form button[type=submit]");
      await page.waitForSelector("tr#node-greet");
      await settled(page);
      assert.match(await page.textContent("tr#node-greet .says") ?? "", /Hi \{\{order_id\}\}! today\?/);
      const node = (await getBot(server.db, botId))?.draftFlow.nodes[0] as MessageNode;
      assert.equal(node.text, "Hi {{order_id}}! today?");

      // A second form swapped in later is served too: a set node's value.
      await page.selectOption(".add-node select[name=type]", "set");
      await page.click(".add-node button[type=submit]");
      await page.waitForSelector("#node-form input[name=value]");
      await settled(page);
      await page.click("#node-form input[name=value]");
      await page.keyboard.type("/tot");
      assert.deepEqual(await page.locator(".picker li").allTextContents(), ["total"]);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#node-form input[name=value]"), "{{total}}");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
