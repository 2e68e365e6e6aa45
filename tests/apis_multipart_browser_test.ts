/**
 * A Mailgun-style `curl -F` command pasted into the API editor becomes a
 * "Multipart form" body whose rows can be edited, saved and sent; a file
 * field is refused beside the cURL box.
 */
import assert from "node:assert/strict";
import { getApi } from "../db/apis.ts";
import { launchBrowser, logIn, watchErrors } from "./browser.ts";
import { serve } from "./api_fixtures.ts";
import { signIn, startServer } from "./harness.ts";

Deno.test({
  name: "API editor imports curl -F as a multipart body, edits its rows and sends it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({ workers: false });
    const received: [string, string][][] = [];
    const mail = serve(async (request) => {
      const form = await request.formData();
      received.push([...form.entries()].map(([k, v]) => [k, String(v)]));
      return Response.json({ id: "<msg@example.com>", message: "Queued" });
    });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = watchErrors(page);
      await logIn(page, server);

      await page.goto(`${server.url}/apis/new`);
      await page.fill("#name", "Send mail");
      await page.fill(
        "#curl",
        `curl -s -F 'from=Shop <shop@example.com>' ${mail.url}/v3/messages -F file=@invoice.pdf`,
      );
      await Promise.all([page.waitForLoadState("load"), page.click("#curl-import")]);
      assert.match(await page.textContent("#curl-error") ?? "", /-F file=@invoice.pdf: it uploads a file/);

      await page.fill(
        "#curl",
        `curl -s --user 'api:key-3ax6' ${mail.url}/v3/messages \\\n  -F 'from=Shop <shop@example.com>' \\\n  -F to=ada@example.com`,
      );
      await Promise.all([page.waitForLoadState("load"), page.click("#curl-import")]);
      await page.waitForSelector("#curl-imported");
      assert.match(
        await page.textContent("#curl-imported") ?? "",
        /Ignored -s: they only change what curl prints or saves/,
      );
      assert.equal(await page.isChecked('input[name="bodyType"][value="multipart"]'), true);
      assert.equal(await page.isVisible(".when-body-multipart"), true);
      assert.equal(await page.isVisible(".when-body-form"), false);
      assert.deepEqual(
        await page.locator('input[name="multipart_key"]').evaluateAll((l) =>
          l.map((i) => (i as HTMLInputElement).value)
        ),
        [
          "from",
          "to",
        ],
      );

      await page.click('.when-body-multipart button:has-text("+ Add field")');
      await page.waitForFunction(() => document.querySelectorAll('input[name="multipart_key"]').length === 3);
      await page.locator('input[name="multipart_key"]').nth(2).fill("text");
      await page.locator('input[name="multipart_value"]').nth(2).fill("Your order & more");

      await Promise.all([page.waitForURL(/\/apis\/\d+\?saved=1$/), page.click("#save-api")]);
      const id = Number(/\/apis\/(\d+)/.exec(page.url())![1]);
      const stored = await getApi(server.db, server.deps.secrets, id);
      assert.equal(stored!.def.method, "POST");
      assert.deepEqual(stored!.def.body, {
        type: "multipart",
        fields: [
          { key: "from", value: "Shop <shop@example.com>" },
          { key: "to", value: "ada@example.com" },
          { key: "text", value: "Your order & more" },
        ],
      });
      assert.deepEqual(stored!.def.auth, { type: "basic", username: "api", password: "key-3ax6" });

      await page.click("nav.tabs >> text=Test");
      await page.click("#send-test");
      await page.waitForSelector("#test-outcome");
      assert.match(await page.textContent("#test-outcome .result-facts") ?? "", /200/);
      assert.deepEqual(received.at(-1), [
        ["from", "Shop <shop@example.com>"],
        ["to", "ada@example.com"],
        ["text", "Your order & more"],
      ]);
      // The refused import answers 422 on purpose; nothing else failed.
      assert.deepEqual(errors, [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
      ]);
    } finally {
      await browser.close();
      await mail.close();
      await server.close();
    }
  },
});
