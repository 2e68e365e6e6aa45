import assert from "node:assert/strict";
import { launchBrowser, screenshot, watchErrors } from "./browser.ts";
import { startServer, TEST_EMAIL, TEST_PASSWORD } from "./harness.ts";

Deno.test({
  name: "browser: first-run setup, logout, a wrong password, login, and a POST without CSRF token refused",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const errors = watchErrors(page);

      await page.goto(`${server.url}/bots`);
      assert.equal(new URL(page.url()).pathname, "/setup");
      await page.fill("#email", TEST_EMAIL);
      await page.fill("#password", TEST_PASSWORD);
      await page.fill("#confirm", TEST_PASSWORD);
      await Promise.all([page.waitForURL("**/bots"), page.click("button[type=submit]")]);
      assert.ok(await page.isVisible("nav.sidenav"));
      for (
        const label of [
          "Bots",
          "Contacts",
          "Attributes",
          "APIs",
          "API tokens",
          "Logs",
          "Channels",
          "Settings",
        ]
      ) {
        assert.ok(await page.isVisible(`nav.sidenav a:text-is("${label}")`), label);
      }
      await screenshot(page, "foundation-layout");
      await page.setViewportSize({ width: 390, height: 800 });
      await screenshot(page, "foundation-layout-phone");
      await page.setViewportSize({ width: 1200, height: 800 });

      await Promise.all([page.waitForURL("**/login"), page.click("text=Log out")]);
      await page.goto(`${server.url}/settings`);
      assert.equal(new URL(page.url()).pathname, "/login");

      await page.fill("#email", TEST_EMAIL);
      await page.fill("#password", "not my password");
      await page.click("button[type=submit]");
      await page.waitForSelector(".alert.error");
      assert.equal((await page.textContent(".alert.error"))?.trim(), "Wrong email or password.");
      assert.equal(await page.inputValue("#email"), TEST_EMAIL, "the email typed is kept");

      await page.fill("#password", TEST_PASSWORD);
      await Promise.all([page.waitForURL("**/settings"), page.click("button[type=submit]")]);
      assert.match(await page.textContent("header") ?? "", new RegExp(TEST_EMAIL));

      // A form whose CSRF field was removed (as a forged cross-site form would lack it) is refused.
      await page.goto(`${server.url}/settings/tokens`);
      await page.fill("#name", "forged");
      await page.evaluate(() => document.querySelectorAll("input[name=_csrf]").forEach((e) => e.remove()));
      await page.click("form.inline button[type=submit]");
      await page.waitForSelector(".alert.error");
      assert.match(await page.textContent(".alert.error") ?? "", /CSRF token/);
      assert.equal(await page.evaluate(() => document.title), "Error · Chatwire");
      const tokens = await server.db.query.apiTokens.findMany();
      assert.equal(tokens.length, 0);
      // The only failed loads are the two refusals this test provoked (401 wrong password, 403 CSRF).
      assert.deepEqual(errors.filter((e) => !/status of (401|403)/.test(e)), []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
