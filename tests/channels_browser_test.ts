import assert from "node:assert/strict";
import { createBot, publishBot } from "../db/bots.ts";
import { createChannel, getChannel, setChannelHealth } from "../db/channels.ts";
import { outbox } from "../db/schema.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn, startServer } from "./harness.ts";

const TOKEN = "EAAG-secret-access-token";
const APP_SECRET = "feedfacefeedfacefeedfacefeedface";

Deno.test({
  name: "channels page connects a number, keeps values on 422, never shows secrets back and shows health",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({
      workers: false,
      env: { CHATWIRE_PUBLIC_URL: "https://bot.example.com" },
    });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await logIn(page, server);

      await page.goto(`${server.url}/channels`);
      const generated = await page.inputValue("#verifyToken");
      assert.match(generated, /^[\x21-\x7e]{16,}$/, "a random verify token is filled in");
      assert.match(await page.textContent(".meta-help") ?? "", /Verify and save[\s\S]*messages/);

      await page.fill("#name", "Support line");
      await page.fill("#phoneNumberId", "+1 555 0100");
      await page.fill("#accessToken", TOKEN);
      await page.fill("#appSecret", APP_SECRET);
      const refused = await Promise.all([
        page.waitForNavigation(),
        page.click("button[type=submit].primary"),
      ]);
      assert.equal(refused[0]?.status(), 422);
      assert.match(await page.textContent("#phoneNumberId-error") ?? "", /digits only/);
      assert.equal(await page.inputValue("#name"), "Support line", "422 keeps the values typed");
      assert.equal(await page.inputValue("#verifyToken"), generated);

      await page.fill("#phoneNumberId", "106540352242922");
      await Promise.all([
        page.waitForURL(/\/channels\/\d+$/),
        page.click("button[type=submit].primary"),
      ]);
      const id = Number(new URL(page.url()).pathname.split("/").pop());
      assert.equal(
        (await page.textContent(".webhook-url"))?.trim(),
        `https://bot.example.com/webhooks/whatsapp/${id}`,
      );
      assert.equal((await page.textContent(".verify-token"))?.trim(), generated);
      assert.equal((await page.textContent(".health"))?.trim(), "ok");
      assert.equal((await page.textContent(".last-webhook"))?.trim(), "never");
      assert.equal(await page.inputValue("#accessToken"), "", "secrets are never rendered back");
      assert.equal(await page.getAttribute("#accessToken", "placeholder"), "(unchanged)");
      assert.equal(await page.getAttribute("#appSecret", "placeholder"), "(unchanged)");
      const html = await page.content();
      assert.ok(!html.includes(TOKEN) && !html.includes(APP_SECRET), "no secret in the page");

      // An edit with empty secrets keeps the stored ones.
      await page.fill("#name", "Sales line");
      await Promise.all([page.waitForURL(/saved=1/), page.click("button[type=submit].primary")]);
      const row = await getChannel(server.db, id);
      assert.equal(row?.name, "Sales line");
      assert.equal(await server.deps.secrets.open(row!.accessTokenEnc), TOKEN);
      assert.equal(await server.deps.secrets.open(row!.appSecretEnc), APP_SECRET);

      await setChannelHealth(server.db, id, "token_expired", "Cannot send: access token expired (error 190)");
      const base = { channelId: id, contactKey: "15550001", message: "{}", recipient: "{}", createdAt: 1 };
      await server.db.insert(outbox).values([
        { ...base, status: "failed", error: "boom" },
        { ...base, status: "queued" },
        { ...base, status: "queued" },
      ]);
      await page.goto(`${server.url}/channels`);
      assert.equal((await page.textContent(`#channel-${id} .health`))?.trim(), "token expired");
      assert.match(await page.textContent(`#channel-${id} .health-detail`) ?? "", /error 190/);
      assert.match(await page.textContent(`#channel-${id} .outbox-counts`) ?? "", /1 failed\s*2 queued/);
      await screenshot(page, "channels");
      // The refused form is the only resource that may fail: its 422 is the point.
      assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});

Deno.test({
  name:
    "a channel whose bot has nothing published shows not answering, an http callback URL warns, copy works",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer({
      workers: false,
      env: { CHATWIRE_PUBLIC_URL: "http://bot.example.com" },
    });
    const browser = await launchBrowser();
    try {
      await signIn(server);
      const flow = { start: "hi", nodes: [{ id: "hi", type: "end" as const, text: "Hello" }] };
      const bot = await createBot(server.db, { name: "Orders", flow });
      const { id } = await createChannel(server.deps, {
        botId: bot.id,
        phoneNumberId: "106540352242922",
        accessToken: TOKEN,
        appSecret: APP_SECRET,
        verifyToken: "verify-me-123",
      });
      const context = await browser.newContext();
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await logIn(page, server);

      await page.goto(`${server.url}/channels`);
      assert.equal((await page.textContent(`#channel-${id} .not-answering`))?.trim(), "not answering");
      assert.match(await page.textContent("#botId") ?? "", /Orders \(not answering: nothing published\)/);
      assert.match(await page.textContent(".not-answering-help") ?? "", /not answering.*publish it/s);
      await page.goto(`${server.url}/channels/${id}`);
      assert.match(await page.textContent(".not-answering-detail") ?? "", /Orders has no published version/);
      assert.match(await page.textContent(".http-warning") ?? "", /only an https callback URL/);
      await page.click(`button[data-copy="verify-token-${id}"]`);
      await page.waitForSelector(`button[data-copy="verify-token-${id}"] >> text=Copied`);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "verify-me-123");
      await page.click(`button[data-copy="webhook-url-${id}"]`);
      await page.waitForFunction(
        (url) => navigator.clipboard.readText().then((t) => t === url),
        `http://bot.example.com/webhooks/whatsapp/${id}`,
      );
      await screenshot(page, "channel-not-answering");

      assert.ok("version" in await publishBot(server.db, bot.id));
      await page.goto(`${server.url}/channels/${id}`);
      assert.equal(await page.locator(".not-answering, .not-answering-detail").count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
