/**
 * Your APIs → Import in real Chromium: a bad paste shows its error beside
 * the field, a file previews what will be created and skipped with nothing
 * written, and the confirmation creates the APIs.
 */
import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import { apis } from "../db/schema.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn, startServer } from "./harness.ts";

const PETSTORE = new URL("./fixtures/openapi/petstore3.yaml", import.meta.url).pathname;

Deno.test({
  name:
    "API import page previews Petstore v3 (18 to create, 1 skipped) before writing, then imports on confirmation",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const browser = await launchBrowser();
    const stored = async () => (await server.db.select({ n: count() }).from(apis))[0].n;
    try {
      await signIn(server);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);
      await page.goto(`${server.url}/apis`);
      await Promise.all([page.waitForURL(/\/apis\/import$/), page.click("#import-apis")]);

      await page.fill("#document", '{"hello": "world"}');
      await page.click("#import-preview");
      await page.waitForSelector("#document-error");
      assert.match(
        await page.textContent("#document-error") ?? "",
        /neither a Postman collection v2\.1 nor an OpenAPI 3 document/,
      );
      assert.equal(await page.inputValue("#document"), '{"hello": "world"}', "the paste is kept");

      await page.fill("#document", "");
      await page.setInputFiles("#file", PETSTORE);
      await page.click("#import-preview");
      await page.waitForSelector("#import-summary");
      assert.match(await page.textContent("#import-summary") ?? "", /18 to create, 0 to update, 1 skipped/);
      assert.equal(await page.locator("#import-apis tbody tr").count(), 18);
      assert.match(await page.textContent("#import-skipped") ?? "", /uploadFile: The request body/);
      assert.match(await page.textContent("#import-renamed") ?? "", /\{\{petId\}\} → \{\{pet_id\}\}/);
      assert.equal(await stored(), 0, "the preview wrote nothing");
      await screenshot(page, "apis-import-preview");

      await Promise.all([page.waitForURL(/\/apis\?imported=18-0-1$/), page.click("#import-apply")]);
      assert.match(await page.textContent("#import-done") ?? "", /18 created, 0 updated, 1 skipped/);
      assert.equal(await page.locator("#apis tbody tr").count(), 18);
      assert.equal(await stored(), 18);
      await screenshot(page, "apis-import-done");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
