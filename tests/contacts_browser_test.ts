/**
 * The Contacts pages in Chromium, over a real WhatsApp conversation: signed
 * webhooks in, the order bot calling a fake shop, replies to a fake Graph,
 * a read receipt for one reply and a 131047 failure for another.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { simulatorContact } from "../db/bot_simulator.ts";
import { outbox } from "../db/schema.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startFakeShop } from "./fake_shop.ts";
import { signIn, startServer, type TestServer } from "./harness.ts";
import {
  ACCESS_TOKEN,
  eventually,
  PHONE_NUMBER_ID,
  postWebhook,
  setUpChannel,
  statusWebhook,
  textWebhook,
} from "./whatsapp_setup.ts";

const ADA = "15550001001";
const BOB = "15550002002";

Deno.test({
  name:
    "contacts pages search by name and wa_id and show the transcript, ticks, failure, trace and attributes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
    const shop = await startFakeShop();
    const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const { botId, channelId } = await setUpChannel(server.deps, shop.url);
      const say = async (from: string, name: string, id: string, text: string) => {
        const res = await postWebhook(server.url, channelId, textWebhook([{ from, id, text, name }]));
        assert.equal(res.status, 200, await res.text());
      };
      await say(ADA, "Ada Lovelace", "wamid.ADA1", "hi");
      await graph.waitFor((s) => s.length === 1);
      await say(ADA, "Ada Lovelace", "wamid.ADA2", "123");
      await graph.waitFor((s) => s.length === 3);
      const readId = graph.sent[1].messageId;
      await outboxStatus(server, readId, "sent");
      const read = await postWebhook(server.url, channelId, statusWebhook([{ id: readId, status: "read" }]));
      await read.body?.cancel();
      await outboxStatus(server, readId, "read");
      // The next reply meets a closed 24-hour window: failed for good, no retry.
      graph.failNext(1, {
        status: 400,
        body: { error: { message: "(#131047) Re-engagement message", code: 131047 } },
      });
      await say(ADA, "Ada Lovelace", "wamid.ADA3", "456");
      await graph.waitFor((s) => s.length === 4);
      await eventually(async () =>
        (await server.db.select().from(outbox).where(eq(outbox.status, "failed"))).length === 1
      );
      await say(BOB, "Bob Builder", "wamid.BOB1", "hi");
      await graph.waitFor((s) => s.length === 5);
      // An admin trying the bot in the simulator is no customer.
      await simulatorContact(server.db, `sim:${botId}:1`, "Ada in the simulator");

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/contacts`);
      assert.deepEqual(await rowNames(page), ["Bob Builder", "Ada Lovelace"]);
      assert.deepEqual(await page.locator("#contact-list tbody td.mono:nth-child(2)").allTextContents(), [
        BOB,
        ADA,
      ]);
      await screenshot(page, "contacts-list");

      await page.fill("#q", "lovelace");
      await page.waitForURL(/\/contacts\?q=lovelace$/);
      await eventually(async () => (await rowNames(page)).length === 1, 3000, "the name search");
      assert.deepEqual(await rowNames(page), ["Ada Lovelace"]);
      assert.equal(await page.locator("h1").count(), 1, "the search swaps the list, not the page");

      await page.fill("#q", "0002002");
      await eventually(async () => (await rowNames(page))[0] === "Bob Builder", 3000, "the wa_id search");
      assert.deepEqual(await rowNames(page), ["Bob Builder"]);

      await page.fill("#q", "nobody-here");
      await page.waitForSelector("#contact-list .empty");
      assert.match(await page.textContent("#contact-list") ?? "", /Nothing matches “nobody-here”/);

      await page.fill("#q", ADA);
      await eventually(async () => (await rowNames(page))[0] === "Ada Lovelace", 3000, "the wa_id search");
      await Promise.all([page.waitForURL(/\/contacts\/\d+$/), page.click("#contact-list a")]);
      // Back to the searched list shows the whole page, not the fragment htmx fetched for that URL.
      await page.goBack();
      await page.waitForURL(`${server.url}/contacts?q=${ADA}`);
      await page.waitForSelector("#contact-list");
      assert.equal(await page.textContent("h1"), "Contacts");
      assert.equal(await page.inputValue("#q"), ADA);
      assert.deepEqual(await rowNames(page), ["Ada Lovelace"]);
      await Promise.all([page.waitForURL(/\/contacts\/\d+$/), page.click("#contact-list a")]);

      assert.equal(await page.textContent("h1"), "Ada Lovelace");
      const bubbles = await page.locator(".transcript .bubble").evaluateAll((els) =>
        els.map((el) =>
          `${el.classList.contains("in") ? "in" : "out"} ${el.querySelector(".bubble-text")?.textContent}`
        )
      );
      assert.deepEqual(bubbles, [
        "in hi",
        "out Your order number?",
        "in 123",
        "out Order 123 is shipped (42.5).",
        "out Your order number?",
        "in 456",
        "out Order 456 is shipped (42.5).",
        "out Your order number?",
      ]);
      const readBubble = page.locator(".bubble.out", { hasText: "Order 123 is shipped" });
      assert.equal(await readBubble.locator(".tick.read").getAttribute("aria-label"), "read");
      assert.equal(await readBubble.locator(".tick").textContent(), "✓✓");
      assert.equal(await page.locator(".bubble.out .tick.sent").count(), 3, "the other replies are sent");
      const failed = page.locator(".bubble.out.status-failed");
      assert.equal(await failed.count(), 1);
      assert.equal(await failed.locator(".bubble-text").textContent(), "Order 456 is shipped (42.5).");
      assert.equal(await failed.locator(".tick").getAttribute("aria-label"), "failed");
      assert.match(await failed.locator(".bubble-error").textContent() ?? "", /^131047: .*Re-engagement/);

      // The turn that ran for "123": the API call and the route it took.
      const turns = page.locator("details.turn");
      assert.equal(await turns.count(), 3);
      const turn = turns.nth(1);
      assert.equal(await turn.locator(".trace-api").isVisible(), false, "traces start folded");
      await turn.locator("summary").click();
      const api = turn.locator(".trace-api");
      assert.ok(await api.isVisible());
      assert.match(await api.textContent() ?? "", /Get order\s*200/);
      assert.equal(await api.locator(".badge.s2xx").textContent(), "200");
      assert.equal(
        await api.locator(".trace-request").textContent(),
        `GET ${shop.url}/orders/123?lang=en`,
      );
      assert.match(await turn.locator(".trace-route").textContent() ?? "", /lookup\s*took\s*200\s*→\s*found/);
      assert.deepEqual(await turn.locator(".trace-mapping").allInnerTexts(), [
        'MAP $.status → order_status = "shipped"',
        "MAP $.totals.grand → total = 42.5",
      ]);
      assert.match(await turn.locator("summary").textContent() ?? "", /set .*order_status/);

      const facts = await page.locator(".contact-attributes dl").evaluate((dl) => {
        const out: Record<string, string> = {};
        for (const dt of dl.querySelectorAll("dt")) {
          out[dt.textContent ?? ""] = dt.nextElementSibling?.textContent ?? "";
        }
        return out;
      });
      assert.equal(facts.wa_id, ADA);
      assert.equal(facts.order_id, '"456"');
      assert.equal(facts.order_status, '"shipped"');
      assert.equal(facts.total, "42.5");
      await screenshot(page, "contacts-conversation");

      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await page.locator("details.turn summary").nth(1).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the conversation fits a phone (${overflow}px too wide)`);
      await screenshot(page, "contacts-conversation-phone");

      // Back on the list, a simulator contact is found by no search.
      await page.goto(`${server.url}/contacts?q=simulator`);
      assert.match(await page.textContent("#contact-list") ?? "", /No contact matches/);
      assert.deepEqual(errors, []);
    } catch (error) {
      console.error(server.logs.filter((l) => /"level":"(warn|error)"/.test(l)).join("\n"));
      throw error;
    } finally {
      await browser.close();
      await server.close();
      await graph.close();
      await shop.close();
    }
  },
});

async function rowNames(page: import("playwright-core").Page): Promise<string[]> {
  return await page.locator("#contact-list tbody tr td:first-child").allTextContents();
}

async function outboxStatus(server: TestServer, waMessageId: string, status: string) {
  await eventually(
    async () =>
      (await server.db.query.outbox.findFirst({ where: eq(outbox.waMessageId, waMessageId) }))?.status ===
        status,
    5000,
    `reply ${waMessageId} to be ${status}`,
  );
}
