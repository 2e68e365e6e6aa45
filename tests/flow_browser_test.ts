import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { findApiId, recordTest, upsertApis } from "../db/apis.ts";
import { upsertAttributes } from "../db/attributes.ts";
import { getBot, listVersions } from "../db/bots.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer } from "./harness.ts";

/** Opens a new node form of `type`, fills it with `fill`, saves and waits for the table. */
async function addNode(page: Page, type: string, id: string, fill: (page: Page) => Promise<void>) {
  await page.selectOption(".add-node select[name=type]", type);
  await page.click(".add-node button[type=submit]");
  await page.waitForSelector("#node-form");
  await settled(page);
  await page.fill("#node-form input[name=id]", id);
  await fill(page);
  await save(page);
  await page.waitForSelector(`tr#node-${id}`);
}

async function save(page: Page) {
  await page.click("#node-form button[type=submit]");
  await page.waitForSelector("#node-form", { state: "detached" });
  await settled(page);
}

/** Waits until htmx has swapped and settled (new content gets its triggers on settle). */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"));
}

async function edit(page: Page, id: string, fill: (page: Page) => Promise<void>) {
  await page.click(`tr#node-${id} button:has-text("Edit")`);
  await page.waitForSelector("#node-form");
  await settled(page);
  await fill(page);
  await save(page);
}

/** Sends a message in the simulator and waits for the turn's trace. */
async function say(page: Page, text: string, turn: number) {
  await page.fill(".sim-input input[name=text]", text);
  await page.click(".sim-input button[type=submit]");
  await page.waitForSelector(`details.sim-turn >> text=Turn ${turn}`);
  await settled(page);
}

async function lastBotText(page: Page, back = 1): Promise<string> {
  const all = await page.locator(".bubble.in p").allTextContents();
  return all[all.length - back];
}

Deno.test({
  name:
    "flow editor builds the order-status flow, flags a dangling target, publishes, and the simulator routes 200, 404 and others",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const shop = await startFakeShop();
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const { db, secrets } = server.deps;
      await upsertAttributes(db, [
        { name: "order_id", type: "text" },
        { name: "order_status", type: "text" },
        { name: "total", type: "number" },
      ]);
      await upsertApis(db, secrets, [{
        name: "Get order",
        method: "GET",
        url: `${shop.url}/orders/{{order_id}}`,
        query: [],
        headers: [{ key: "Accept", value: "application/json" }],
        body: null,
        auth: { type: "none" },
        timeoutMs: 2000,
        mappings: [
          { path: "$.status", attribute: "order_status" },
          { path: "$.totals.grand", attribute: "total" },
        ],
      }]);
      const apiId = (await findApiId(db, "Get order"))!;
      await recordTest(db, apiId, { status: 200, values: { order_id: "123" } });
      await recordTest(db, apiId, { status: 404, values: { order_id: "404" } });

      const page = await browser.newPage({ viewport: { width: 1800, height: 1000 } });
      const errors = watchErrors(page);
      await logIn(page, server);

      // Create the bot.
      await page.goto(`${server.url}/bots`);
      await page.fill("#name", "Order status");
      await Promise.all([page.waitForURL(/\/bots\/\d+\/flow$/), page.click("form[action='/bots'] button")]);
      const botId = Number(new URL(page.url()).pathname.split("/")[2]);

      // Build it: the targets first, then the question and the API node.
      await addNode(page, "end", "broken", async (p) => {
        await p.fill("#node-form textarea[name=text]", "Our shop is not answering, try later.");
      });
      await addNode(page, "message", "found", async (p) => {
        await p.fill("#node-form textarea[name=text]", "Order {{order_id}} is {{order_status}} ({{total}}).");
      });
      await addNode(page, "message", "missing", async (p) => {
        await p.fill("#node-form textarea[name=text]", "No order {{order_id}}.");
      });
      await addNode(page, "question", "ask", async (p) => {
        await p.fill("#node-form textarea[name=text]", "Your order number?");
        await p.selectOption("#node-form select[name=attribute]", "order_id");
      });
      await addNode(page, "api", "lookup", async (p) => {
        await p.selectOption("#node-form select[name=api]", "Get order");
        // The statuses seen in tests are offered as routes.
        await settled(p);
        await p.click('#node-form button.suggest:has-text("+ 200")');
        await p.waitForSelector("#node-form input[name='route.status']");
        await settled(p);
        await p.click('#node-form button.suggest:has-text("+ 404")');
        await p.waitForFunction(() =>
          document.querySelectorAll("#node-form input[name='route.status']").length === 2
        );
        const targets = p.locator("#node-form select[name='route.next']");
        await targets.nth(0).selectOption("found");
        await targets.nth(1).selectOption("missing");
        await p.selectOption("#node-form select[name=others]", "broken");
        await screenshot(p, "flow_editor_api_form");
      });
      await edit(page, "ask", (p) => p.selectOption("#node-form select[name=next]", "lookup").then(() => {}));
      await edit(page, "found", (p) => p.selectOption("#node-form select[name=next]", "ask").then(() => {}));
      await edit(
        page,
        "missing",
        (p) => p.selectOption("#node-form select[name=next]", "ask").then(() => {}),
      );
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/flow/start")),
        page.selectOption("select[name=start]", "ask"),
      ]);
      await page.waitForSelector("tr#node-ask .badge.start");
      await settled(page);
      // Move the question to the top: three steps up.
      for (let i = 0; i < 3; i++) {
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith("/move")),
          page.click('tr#node-ask button[title="Move up"]'),
        ]);
        await settled(page);
      }
      assert.equal(await page.getAttribute(".flow-nodes tbody tr:first-child", "id"), "node-ask");
      assert.match(await page.textContent(".flow-summary") ?? "", /No problems found/);
      assert.equal(await page.locator("#flow-diagram g.node").count(), 5);

      // A dangling target: delete "missing", see the error, put it back.
      page.once("dialog", (d) => d.accept());
      await page.click('tr#node-missing button:has-text("Delete")');
      await page.waitForSelector("tr#node-lookup.has-error");
      await settled(page);
      assert.match(await page.textContent("tr#node-lookup .node-problems") ?? "", /Points at "missing"/);
      assert.match(await page.textContent(".flow-summary") ?? "", /1 error/);
      await page.waitForSelector('#flow-diagram g.node.missing[data-node="missing"]');
      const refused = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/publish")),
        page.click("button:has-text('Publish')"),
      ]);
      assert.equal(refused[0].status(), 200);
      assert.match(
        await page.textContent("#publish-result") ?? "",
        /Cannot publish[\s\S]*flow\.nodes\[\d\]\.routes\[1\]\.next/,
      );
      await screenshot(page, "flow_editor_error");
      await addNode(page, "message", "missing", async (p) => {
        await p.fill("#node-form textarea[name=text]", "No order {{order_id}}.");
        await p.selectOption("#node-form select[name=next]", "ask");
      });
      await page.waitForSelector("tr#node-lookup:not(.has-error)");
      assert.match(await page.textContent(".flow-summary") ?? "", /No problems found/);
      assert.match(
        await page.textContent("tr#node-lookup .node-targets") ?? "",
        /200 → found[\s\S]*404 → missing[\s\S]*others → broken/,
      );
      assert.match(await page.textContent("#flow-diagram") ?? "", /404/);
      await screenshot(page, "flow_editor");
      await page.locator("#flow-diagram").screenshot({
        path: new URL("./screenshots/flow_diagram.png", import.meta.url).pathname,
      });

      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/publish")),
        page.click("button:has-text('Publish')"),
      ]);
      assert.match(await page.textContent("#publish-result") ?? "", /Published v1/);
      assert.equal((await getBot(db, botId))?.publishedVersion, 1);
      assert.equal((await listVersions(db, botId)).length, 1);

      // The simulator on the published version, against the fake shop.
      await page.goto(`${server.url}/bots/${botId}/simulator?version=1`);
      await say(page, "hi", 1);
      assert.equal(await lastBotText(page), "Your order number?");
      await say(page, "123", 2);
      assert.equal(await lastBotText(page, 2), "Order 123 is shipped (42.5).");
      assert.equal(await lastBotText(page), "Your order number?");
      assert.match(await page.textContent("details.sim-turn[open] .sim-routes") ?? "", /lookup: 200 → found/);
      assert.match(await page.textContent("details.sim-turn[open] .trace") ?? "", /Get order\s*200/);
      assert.match(await page.textContent("tr[data-attribute=order_status]") ?? "", /shipped/);

      await say(page, "404", 3);
      assert.equal(await lastBotText(page, 2), "No order 404.");
      assert.match(
        await page.textContent("details.sim-turn[open] .sim-routes") ?? "",
        /lookup: 404 → missing/,
      );

      shop.setMode("fail");
      await say(page, "555", 4);
      assert.equal(await lastBotText(page), "Our shop is not answering, try later.");
      assert.match(
        await page.textContent("details.sim-turn[open] .sim-routes") ?? "",
        /lookup: others → broken/,
      );
      assert.match(await page.textContent("details.sim-turn[open] .trace") ?? "", /500/);
      await screenshot(page, "simulator");

      // A reload keeps the chat; restart clears it.
      await page.reload();
      assert.equal(await page.locator("details.sim-turn").count(), 4);
      await page.click(".sim-restart");
      await page.waitForSelector(".sim-hint");
      assert.equal(await page.locator(".bubble").count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await shop.close();
      await server.close();
    }
  },
});
