/**
 * Insights with seeded data: the bot's tab (messages, calls by class, slow
 * and failing APIs) and the flow diagram's layer, in real Chromium.
 */
import assert from "node:assert/strict";
import { saveApi } from "../db/apis.ts";
import { createAttribute } from "../db/attributes.ts";
import { createBot, publishBot } from "../db/bots.ts";
import { api } from "./api_fixtures.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn, startServer } from "./harness.ts";
import { SEED_FLOW, seedInsights } from "./insights_seed.ts";

Deno.test({
  name: "Insights show seeded conversations on the bot's tab and on the flow diagram",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      await createAttribute(server.db, { name: "order_id", type: "text" });
      const apiId = await saveApi(
        server.db,
        server.deps.secrets,
        api("https://shop.example/orders/{{order_id}}"),
      );
      const bot = await createBot(server.db, { name: "Orders", flow: SEED_FLOW });
      const published = await publishBot(server.db, bot.id);
      assert.deepEqual(published, { version: 1 });
      await seedInsights(server.db, {
        botId: bot.id,
        apiId,
        version: 1,
        contacts: 10,
        rounds: 1,
        status: (c) => c < 7 ? 200 : c < 9 ? 404 : 0,
        durationMs: (c) => 100 + c * 10,
        now: Date.now(),
        spanMs: 3 * 3_600_000,
      });
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);

      await page.goto(`${server.url}/bots/${bot.id}/insights?period=24h`);
      assert.equal(await page.textContent("#messages-in"), "20");
      assert.equal(await page.textContent("#messages-out"), "29");
      assert.ok(await page.locator('svg.chart rect[data-class="2xx"]').count() > 0);
      assert.ok(
        await page.locator('svg.chart rect[data-class="error"]').count() > 0,
        "no response is its own class",
      );
      const slow = page.locator('#slowest-apis tr[data-api="Get order"] a');
      assert.equal(await slow.getAttribute("href"), "/logs?api=Get%20order");
      assert.match(await page.textContent('#failing-apis tr[data-api="Get order"]') ?? "", /1 \(10 %\)/);
      await screenshot(page, "insights-tab");
      await Promise.all([page.waitForURL(/period=30d/), page.click(".period-picker >> text=30 days")]);
      assert.equal(await page.textContent("#messages-in"), "20");

      await page.goto(`${server.url}/bots/${bot.id}/flow`);
      await page.click("#insights-toggle");
      await page.waitForSelector('[data-insight="ask"]');
      assert.equal(await page.textContent('[data-insight="ask"] .reached'), "19 reached");
      assert.equal(await page.textContent('[data-insight="ask"] .stopped'), "9 stopped here");
      assert.equal(
        await page.textContent('[data-insight="lookup"] .routes'),
        "200 70% · 404 20% · others 10%",
      );
      assert.match(
        await page.textContent('[data-insight="lookup"] .classes') ?? "",
        /2xx 70% · 4xx 20% · error 10%/,
      );
      assert.match(
        await page.textContent('[data-insight="lookup"] .latency') ?? "",
        /^p50 \d+ ms · p95 \d+ ms$/,
      );
      assert.equal(await page.inputValue("#insights-version"), "1");
      await page.locator("#flow-diagram").screenshot({
        path: new URL("./screenshots/insights-diagram.png", import.meta.url).pathname,
      });
      await page.selectOption("#insights-period", "24h");
      await page.waitForFunction(() =>
        (document.getElementById("insights-period") as HTMLSelectElement | null)?.value === "24h" &&
        !document.querySelector(".htmx-request")
      );
      assert.equal(await page.textContent('[data-insight="lookup"] .reached'), "10 reached");
      await Promise.all([page.waitForURL(/\/flow$/), page.click("#insights-toggle")]);
      assert.equal(await page.locator("[data-insight]").count(), 0, "hidden again");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
