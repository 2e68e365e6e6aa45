/**
 * Every admin page as a first-time admin sees it, in Chromium at desktop
 * (1280) and phone (390) width, over realistic data: the order bot on a
 * channel, attributes, a tested API, a WhatsApp conversation through
 * signed webhooks. Each page answers 200 (the 404 page 404), has one <h1>,
 * no console errors, labelled form inputs and no page-wide sideways scroll.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { findApiId } from "../db/apis.ts";
import { findContact } from "../db/contacts.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startFakeShop } from "./fake_shop.ts";
import { postForm, signIn, startServer, type TestServer } from "./harness.ts";
import { ACCESS_TOKEN, PHONE_NUMBER_ID, postWebhook, setUpChannel, textWebhook } from "./whatsapp_setup.ts";

const VIEWPORTS = [{ name: "desktop", width: 1280, height: 900 }, { name: "phone", width: 390, height: 844 }];

Deno.test({
  name: "every admin page renders with a heading, labelled inputs, no errors and no sideways scroll",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
    const shop = await startFakeShop();
    const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
    const fresh = await startServer({ workers: false });
    const browser = await launchBrowser();
    try {
      const session = await signIn(server);
      await signIn(fresh);
      const { botId, channelId } = await setUpChannel(server.deps, shop.url);
      for (const [name, type] of [["customer_name", "text"], ["vip", "boolean"]]) {
        const res = await postForm(server, session, "/attributes", {
          name,
          type,
          default: "",
          description: "",
        });
        assert.equal(res.status, 303, await res.text());
      }
      const apiId = (await findApiId(server.db, "Get order"))!;
      const tested = await postForm(server, session, `/apis/${apiId}/test`, { "value:order_id": "123" });
      const testedHtml = await tested.text();
      assert.equal(tested.status, 200, testedHtml);
      // Save the tested response as a sample, so the mapping page shows its table.
      const sampleBody = /name="body" value="([^"]*)"/.exec(testedHtml)![1].replaceAll("&quot;", '"');
      const sample = await postForm(server, session, `/apis/${apiId}/sample`, {
        body: sampleBody,
        status: "200",
      });
      assert.equal(sample.status, 303);
      const say = async (id: string, text: string) => {
        const body = textWebhook([{ from: "15550001001", id, text, name: "Ada Lovelace" }]);
        const res = await postWebhook(server.url, channelId, body);
        assert.equal(res.status, 200, await res.text());
      };
      await say("wamid.P1", "hi");
      await graph.waitFor((s) => s.length === 1);
      await say("wamid.P2", "123");
      await graph.waitFor((s) => s.length === 3);
      const contactId = (await findContact(server.db, "15550001001"))!.id;

      const pages: [string, string, number?][] = [
        ["bots", "/bots"],
        ["flow", `/bots/${botId}/flow`],
        ["simulator", `/bots/${botId}/simulator`],
        ["versions", `/bots/${botId}/versions`],
        ["insights", `/bots/${botId}/insights`],
        ["insights-diagram", `/bots/${botId}/insights/diagram`],
        ["attributes", "/attributes"],
        ["attribute-edit", "/attributes/1"],
        ["apis", "/apis"],
        ["api-new", "/apis/new"],
        ["api-import", "/apis/import"],
        ["api-import", "/apis/import"],
        ["api-request", `/apis/${apiId}`],
        ["api-test", `/apis/${apiId}/test`],
        ["api-mapping", `/apis/${apiId}/mapping`],
        ["logs", "/logs"],
        ["logs-filtered", "/logs?api=Get+order&status=2xx"],
        ["channels", "/channels"],
        ["channel", `/channels/${channelId}`],
        ["contacts", "/contacts"],
        ["contact", `/contacts/${contactId}`],
        ["settings", "/settings"],
        ["team", "/settings/team"],
        ["tokens", "/settings/tokens"],
        ["not-found", "/no-such-page", 404],
      ];
      for (const viewport of VIEWPORTS) {
        const page = await browser.newPage({ viewport });
        const errors = watchErrors(page);
        await logIn(page, server);
        for (const [name, path, status] of pages) {
          await visit(page, server, path, status ?? 200);
          assert.deepEqual(errors.splice(0), status ? [failedLoad(status)] : [], `console errors on ${path}`);
          await screenshot(page, `pages-${name}-${viewport.name}`);
        }
        if (viewport.name === "phone") await phoneChecks(page, server, botId);
        // A new attribute with a taken name: the error sits beside its field.
        await visit(page, server, "/attributes", 200);
        await page.fill("#name", "customer_name");
        await Promise.all([page.waitForLoadState("load"), page.click("text=Save attribute")]);
        assert.match(await page.locator(".field:has(#name) .error").innerText(), /already exists/);
        await checkPage(page, "/attributes (error)");
        assert.deepEqual(errors.splice(0), [failedLoad(422)]);
        await screenshot(page, `pages-attribute-error-${viewport.name}`);
        await page.close();

        const empty = await browser.newPage({ viewport });
        const emptyErrors = watchErrors(empty);
        await logIn(empty, fresh);
        // Each empty state says what to do next and links to it.
        const empties = [
          ["bots", "/bots", "Create a bot"],
          ["apis", "/apis", "+ New API"],
          ["channels", "/channels", "Create a bot"],
          ["attributes", "/attributes", ""],
          ["contacts", "/contacts", ""],
          ["logs", "/logs", ""],
        ];
        for (const [name, path, link] of empties) {
          await visit(empty, fresh, path, 200);
          if (link) assert.equal(await empty.locator(".empty a", { hasText: link }).count(), 1, path);
          await screenshot(empty, `pages-${name}-empty-${viewport.name}`);
        }
        assert.deepEqual(emptyErrors, []);
        await empty.close();
      }
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await fresh.close();
      await server.close();
      await graph.close();
      await shop.close();
    }
  },
});

/** Layout problems of every page, asserted at the end so one run lists them all. */
const problems: string[] = [];

/** What Chromium logs for a page answered with an error status on purpose. */
const failedLoad = (status: number) =>
  `Failed to load resource: the server responded with a status of ${status} (${
    status === 404 ? "Not Found" : "Unprocessable Entity"
  })`;

async function visit(page: Page, server: TestServer, path: string, status: number) {
  const res = await page.goto(`${server.url}${path}`);
  assert.equal(res?.status(), status, path);
  await checkPage(page, path);
}

/** One <h1>, every visible input labelled, and the page no wider than the window. */
async function checkPage(page: Page, where: string) {
  const width = page.viewportSize()?.width;
  where = `${where} at ${width}px`;
  assert.equal(await page.locator("h1").count(), 1, `one <h1> on ${where}`);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => (el as HTMLInputElement).type !== "hidden")
      .filter((el) =>
        !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby") && !el.closest("label") &&
        !(el.id && document.querySelector(`label[for="${el.id}"]`))
      )
      .map((el) => el.outerHTML.slice(0, 120))
  );
  assert.deepEqual(unlabelled, [], `unlabelled inputs on ${where}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - globalThis.innerWidth);
  if (overflow > 1) problems.push(`${where} is ${overflow}px wider than the window`);
  // Nor may a box inside scroll sideways and hide part of a table or form (the diagram pans on purpose).
  const hidden = await page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((el) => {
        const style = getComputedStyle(el);
        return ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 &&
          el.closest(".diagram-scroll, pre, .raw-body, .json-tree, code") === null;
      })
      .map((el) =>
        `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} scrolls ${
          el.scrollWidth - el.clientWidth
        }px`
      )
  );
  for (const h of hidden) problems.push(`${where}: ${h}`);
}

/** At 390 px: every menu item, and each node's Edit and Delete, are on screen; the log is readable. */
async function phoneChecks(page: Page, server: TestServer, botId: number) {
  const inside = async (selector: string) => {
    const boxes = await page.locator(selector).evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent?.trim(), left: r.left, right: r.right, width: r.width };
      })
    );
    assert.ok(boxes.length > 0, `${selector} is on the page`);
    for (const b of boxes) {
      assert.ok(
        b.width > 0 && b.left >= 0 && b.right <= 390,
        `${selector} "${b.text}" is on screen at 390px`,
      );
    }
    return boxes.length;
  };
  await visit(page, server, "/bots", 200);
  assert.equal(await inside(".sidenav a"), 8, "all eight areas are in the menu");
  await visit(page, server, `/bots/${botId}/flow`, 200);
  await inside("#flow-table button:text-is('Edit')");
  await inside("#flow-table button:text-is('Delete'), #flow-table .delete");
  assert.doesNotMatch(await page.textContent("main") ?? "", /can be published/, "not beside 'published v1'");
  await visit(page, server, "/logs", 200);
  const excerpt = page.locator(".log-table details").first();
  await excerpt.locator("summary").click();
  const body = await excerpt.locator("pre").textContent() ?? "";
  assert.match(body, /^\{\n {2}"/, "the response is pretty-printed");
}
