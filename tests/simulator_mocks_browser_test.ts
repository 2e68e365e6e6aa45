/**
 * Issue 11 "Mocks in the simulator", in real Chromium: an admin walks the
 * 200, 404, timeout and others routes of an API node with mocked responses
 * (no call goes out), and sees the message sent at once with a typing
 * indicator while a slow live call runs.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { findApiId, saveSample } from "../db/apis.ts";
import { publishBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer } from "./harness.ts";

/** The DESIGN order-status bot with a timeout route of its own, so each of the four routes says something else. */
async function orderBot(deps: Parameters<typeof importBotDocument>[0], shopUrl: string): Promise<number> {
  const doc = JSON.parse(
    (await Deno.readTextFile(new URL("../engine/testdata/order_status.json", import.meta.url)))
      .replace("https://shop.example.com", shopUrl),
  );
  doc.apis[0].auth = { type: "none" };
  const lookup = doc.flow.nodes.find((n: { id: string }) => n.id === "lookup");
  lookup.routes.push({ status: "timeout", next: "slow" });
  doc.flow.nodes.push({ id: "slow", type: "message", text: "The shop is slow today.", next: "ask" });
  const imported = await importBotDocument(deps, doc);
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const published = await publishBot(deps.db, imported.id);
  if ("errors" in published) throw new Error(JSON.stringify(published.errors));
  return imported.id;
}

async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"));
}

/** Sends `text` and waits for turn `turn` in the side panel. */
async function say(page: Page, text: string, turn: number) {
  await page.fill(".sim-input input[name=text]", text);
  await page.click(".sim-input button[type=submit]");
  await page.waitForSelector(`details.sim-turn >> text=Turn ${turn}`);
  await settled(page);
}

async function mock(page: Page, choice: string) {
  await page.selectOption(".sim-mock select[data-api='Get order']", choice);
  await page.waitForFunction(
    (value) =>
      (document.querySelector(".sim-mock select[data-api='Get order']") as HTMLSelectElement)?.value ===
        value,
    choice,
  );
  await settled(page);
}

async function lastBotText(page: Page, back = 1): Promise<string> {
  const all = await page.locator(".bubble.in p").allTextContents();
  return all[all.length - back];
}

async function openTurn(page: Page, part: string): Promise<string> {
  return await page.textContent(`details.sim-turn[open] ${part}`) ?? "";
}

Deno.test({
  name:
    "simulator: mocks walk the 200, 404, timeout and others routes without calling out; a typing indicator shows while a slow API answers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const shop = await startFakeShop();
    const server = await startServer({ workers: false });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const botId = await orderBot(server.deps, shop.url);
      const apiId = (await findApiId(server.db, "Get order"))!;
      await saveSample(server.db, apiId, {
        status: 200,
        body: JSON.stringify({ status: "packed", totals: { grand: 7 } }),
      });
      await saveSample(server.db, apiId, { status: 404, body: JSON.stringify({ error: "no such order" }) });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/bots/${botId}/simulator?version=1`);

      // Every response the admin can pick for the API the flow calls.
      const options = await page.locator(".sim-mock select[data-api='Get order'] option").allTextContents();
      assert.deepEqual(options, [
        "Live: call the API",
        "Saved 200 sample",
        "Saved 404 sample",
        "Timeout",
        "Network error",
      ]);
      assert.equal(
        await page.getAttribute(".sim-mock select", "id"),
        await page.getAttribute(".sim-mock label", "for"),
      );

      await say(page, "hi", 1);
      await mock(page, "200");
      await say(page, "123", 2);
      assert.equal(await lastBotText(page, 2), "Order 123 is packed (7).");
      assert.match(await openTurn(page, ".sim-routes"), /lookup: 200 → found/);
      assert.match(await openTurn(page, ".trace-api"), /200\s*mocked/);

      await mock(page, "404");
      await say(page, "124", 3);
      assert.equal(await lastBotText(page, 2), "No order 124.");
      assert.match(await openTurn(page, ".sim-routes"), /lookup: 404 → missing/);

      await mock(page, "timeout");
      await say(page, "125", 4);
      assert.equal(await lastBotText(page, 2), "The shop is slow today.");
      assert.match(await openTurn(page, ".sim-routes"), /lookup: timeout → slow/);
      assert.match(await openTurn(page, ".trace-api"), /mocked/);

      await mock(page, "network");
      await say(page, "126", 5);
      assert.equal(await lastBotText(page), "Our shop is not answering, try later.");
      assert.match(await openTurn(page, ".sim-routes"), /lookup: others → broken/);
      await screenshot(page, "simulator-mocks");
      // None of the mocked turns called the shop.
      assert.equal(shop.calls.length, 0);

      // Live again, against a slow shop: the message shows at once, then the typing indicator until the reply.
      await mock(page, "live");
      shop.setMode("slow");
      await say(page, "hi", 6);
      await page.fill(".sim-input input[name=text]", "127");
      await page.click(".sim-input button[type=submit]");
      await page.waitForSelector(".sim-typing", { state: "visible" });
      assert.equal(await page.locator(".bubble.out.pending p").textContent(), "127");
      assert.equal(await page.getAttribute(".sim-typing", "role"), "status");
      await screenshot(page, "simulator-typing");
      await page.waitForSelector("details.sim-turn >> text=Turn 7");
      await page.waitForSelector(".sim-typing", { state: "detached" });
      assert.equal(await lastBotText(page, 2), "Order 127 is shipped (42.5).");
      assert.match(await openTurn(page, ".trace-api"), /200/);
      assert.doesNotMatch(await openTurn(page, ".trace-api"), /mocked/);
      assert.deepEqual(shop.calls.map((c) => c.path), ["/orders/127"]);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
      await shop.close();
    }
  },
});
