/**
 * Choices from an API's answer in the pages (DESIGN §5): the flow editor's
 * question form offers "from a list" with the fields and a preview from the
 * saved sample, and the simulator shows the list like WhatsApp, paging
 * included. Real Chromium, real server, fake shop on loopback.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { findApiId } from "../db/apis.ts";
import { saveSample } from "../db/api_state.ts";
import { getBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer } from "./harness.ts";
import { ordersListDocument } from "./orders_list_bot.ts";

async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"));
}

async function say(page: Page, send: () => Promise<void>, turn: number) {
  await send();
  await page.waitForSelector(`details.sim-turn >> text=Turn ${turn}`);
  await settled(page);
}

Deno.test({
  name:
    "flow editor previews choices from a list from the saved sample, creates nodes from target dropdowns, and the simulator pages through the list",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const shop = await startFakeShop();
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const { db } = server.deps;
      const imported = await importBotDocument(server.deps, ordersListDocument(shop.url));
      assert.ok(imported.ok);
      const sample = await fetch(`${shop.url}/customers/ada12/orders`);
      await saveSample(db, (await findApiId(db, "List orders"))!, { status: 200, body: await sample.text() });

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/bots/${imported.id}/flow`);
      await page.click(`tr#node-pick button:has-text("Edit")`);
      await page.waitForSelector("#node-form");
      await settled(page);
      assert.equal(await page.inputValue("#node-form select[name=choiceSource]"), "list");
      assert.equal(await page.inputValue("#node-form select[name='list.list']"), "orders");
      assert.match(
        await page.textContent(".item-fields") ?? "",
        /\{\{item\.id\}\}.*\{\{item\.status\}\}.*\{\{item\.total\}\}/,
      );
      const rows = () => page.locator("#list-preview .sim-reply").allTextContents();
      assert.equal((await rows()).length, 10);
      assert.equal((await rows())[0], "Order 1001paid, 10 EUR");
      assert.equal((await rows())[9], "More…");

      // Typing in a template updates the preview.
      await page.fill("#node-form input[name='list.description']", "{{item.total}} EUR ({{item.status}})");
      await page.waitForFunction(() =>
        document.querySelector("#list-preview .sim-desc")?.textContent === "10 EUR (paid)"
      );
      await screenshot(page, "flow-choices-from-list");
      await page.click("#node-form button[type=submit]");
      await page.waitForSelector("#node-form", { state: "detached" });
      await settled(page);
      const saved = (await getBot(db, imported.id))!.draftFlow.nodes.find((n) => n.id === "pick");
      assert.deepEqual(saved?.type === "question" && saved.choicesFrom, {
        list: "orders",
        title: "Order {{item.id}}",
        description: "{{item.total}} EUR ({{item.status}})",
        value: "{{item.id}}",
      });
      assert.equal(saved?.type === "question" && saved.empty, "none");

      // A new API node starts with "others" → a new end that says sorry; a route can create its target too.
      await page.selectOption(".add-node select[name=type]", "api");
      await page.click(".add-node button[type=submit]");
      await page.waitForSelector("#node-form");
      await settled(page);
      assert.equal(await page.inputValue("#node-form select[name=others]"), "+new:end");
      await page.selectOption("#node-form select[name=api]", "Get order");
      await page.click('#node-form button:has-text("+ Add route")');
      await page.waitForSelector("#node-form input[name='route.status']");
      await settled(page);
      await page.fill("#node-form input[name='route.status']", "200");
      await page.selectOption("#node-form select[name='route.next']", "+new:message");
      await page.click("#node-form button[type=submit]");
      await page.waitForSelector("#node-form", { state: "detached" });
      await settled(page);
      assert.match(await page.textContent("tr#node-call") ?? "", /200\s*→\s*message[\s\S]*others\s*→\s*end/);
      assert.match(await page.textContent("tr#node-end") ?? "", /Sorry, something went wrong/);
      assert.match(await page.textContent("tr#node-message") ?? "", /New message: edit me/);

      // The simulator (draft) lists the customer's orders like WhatsApp, nine and "More…".
      await page.goto(`${server.url}/bots/${imported.id}/simulator`);
      const type = (text: string) => async () => {
        await page.fill(".sim-input input[name=text]", text);
        await page.click(".sim-input button[type=submit]");
      };
      await say(page, type("hi"), 1);
      await say(page, type("ada12"), 2);
      const list = page.locator(".bubble.in .sim-list").last();
      assert.equal(await list.locator(".sim-reply").count(), 10);
      assert.equal(await list.locator(".sim-reply").first().textContent(), "Order 100110 EUR (paid)");
      await screenshot(page, "simulator-choices-list");

      await say(page, () => list.locator(".sim-reply", { hasText: "More…" }).click(), 3);
      const page2 = page.locator(".bubble.in .sim-list").last();
      assert.deepEqual(
        await page2.locator(".sim-reply").allTextContents(),
        ["Order 101055 EUR (shipped)", "Order 101160 EUR (paid)", "Order 101265 EUR (shipped)"],
      );
      await say(page, () => page2.locator(".sim-reply", { hasText: "Order 1011" }).click(), 4);
      const texts = await page.locator(".bubble.in p").allTextContents();
      assert.equal(texts[texts.length - 1], "Order 1011 is shipped: 60 EUR (paid when listed).");
      await screenshot(page, "simulator-choices-picked");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await shop.close();
      await server.close();
    }
  },
});
