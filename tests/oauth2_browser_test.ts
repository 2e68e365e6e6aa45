/**
 * The API editor's OAuth 2.0 client credentials in real Chromium: the
 * fields appear with the auth type, the client secret is masked once saved,
 * and the Test shows the token request as a step with the token masked.
 */
import assert from "node:assert/strict";
import { getApi } from "../db/apis.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { startFakeOAuth } from "./fake_oauth.ts";
import { signIn, startServer } from "./harness.ts";

Deno.test({
  name:
    "API editor: OAuth 2.0 client credentials are entered, masked once saved, and the Test shows the token request step",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const fake = startFakeOAuth();
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/apis/new`);
      await page.fill("#name", "Get order");
      await page.fill("#url", `${fake.url}/orders/A-1`);
      assert.equal(await page.isVisible("#tokenUrl"), false, "OAuth fields stay hidden for other auth types");
      await page.selectOption("#authType", "oauth2");
      await page.fill("#tokenUrl", `${fake.url}/token`);
      await page.fill("#clientId", fake.clientId);
      await page.fill("#clientSecret", fake.clientSecret);
      await page.fill("#scope", "orders:read");
      await screenshot(page, "apis-editor-oauth2");
      await Promise.all([page.waitForURL(/\/apis\/\d+\?saved=1$/), page.click("#save-api")]);
      const id = Number(/\/apis\/(\d+)/.exec(page.url())![1]);
      const stored = (await getApi(server.db, server.deps.secrets, id))!.def.auth;
      assert.equal(stored.type === "oauth2" && stored.clientSecret, fake.clientSecret);
      assert.equal(await page.getAttribute("#clientSecret", "placeholder"), "•••••••• (unchanged)");
      assert.ok(!(await page.content()).includes(fake.clientSecret));

      await page.click("nav.tabs >> text=Test");
      await page.click("#send-test");
      await page.waitForSelector("#token-step");
      const step = await page.textContent("#token-step") ?? "";
      assert.match(step, /Token request/);
      assert.match(step, /200/);
      assert.match(step, /orders:read/);
      assert.match(step, /\*\*\*\*\*\*\*\*/);
      assert.match(await page.textContent("#test-outcome .result-facts") ?? "", /200/);
      assert.equal(fake.tokenRequests, 1);
      const html = await page.content();
      for (const secret of [fake.clientSecret, ...fake.issued]) assert.ok(!html.includes(secret));
      await screenshot(page, "apis-test-oauth2-token-step");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await fake.close();
      await server.close();
    }
  },
});
