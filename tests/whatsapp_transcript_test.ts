/**
 * What a person reads on the conversation and channel pages after real
 * WhatsApp updates (DESIGN §6): a reaction as the emoji on the message it
 * reacts to, an edit as "edited", a deletion, an order with its items, a
 * Flow reply with its fields, an unsupported message with its error,
 * location and media fields; and the webhook error log with its reasons.
 */
import assert from "node:assert/strict";
import { findContact } from "../db/contacts.ts";
import { queryRows } from "../db/batch.ts";
import { launchBrowser, logIn, screenshot, watchErrors } from "./browser.ts";
import { signIn } from "./harness.ts";
import { eventually, PHONE_NUMBER_ID, postWebhook } from "./whatsapp_setup.ts";
import { withWorld } from "./whatsapp_world.ts";

const CORPUS = new URL("./fixtures/whatsapp/corpus/", import.meta.url);
/** The business number of pywa's bodies. */
const PYWA_NUMBER = "1122334455667";
const USER = "972987654321";

/** One message in the shape of pywa's bodies (tests/fixtures/whatsapp/corpus/pywa-*.json). */
function body(message: Record<string, unknown>): string {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{
      id: "1234567890987654321",
      changes: [{
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "972123456789", phone_number_id: PHONE_NUMBER_ID },
          contacts: [{ profile: { name: "Test Name" }, wa_id: USER }],
          messages: [{ from: USER, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
        },
      }],
    }],
  });
}

Deno.test({
  name: "whatsapp transcript: every recorded update reads as what happened, on the one contact",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () => transcriptPage(),
});

async function transcriptPage() {
  await withWorld(async ({ server, graph, channelId }) => {
    const post = async (bytes: string | Uint8Array) => {
      const res = await postWebhook(server.url, channelId, bytes);
      assert.equal(res.status, 200, await res.text());
      await eventually(async () => {
        const [row] = await queryRows(
          server.db,
          `SELECT (SELECT count(*) FROM inbound WHERE status = 'pending') +
            (SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')) AS n`,
        );
        return Number(row.n) === 0;
      }, 30_000);
    };
    await post(body({ id: "wamid.T1", type: "text", text: { body: "hi" } }));
    const question = graph.sent[0];
    assert.equal((question.body.text as { body: string }).body, "Your order number?");
    // The user reacts to the bot's question, then edits and deletes their "hi".
    await post(
      body({ id: "wamid.T2", type: "reaction", reaction: { message_id: question.messageId, emoji: "👍" } }),
    );
    await post(body({
      id: "wamid.T3",
      type: "edit",
      edit: { original_message_id: "wamid.T1", message: { type: "text", text: { body: "hello" } } },
    }));
    await post(body({ id: "wamid.T4", type: "revoke", revoke: { original_message_id: "wamid.T1" } }));
    // Real bodies of the same user, now with their user_id too: still the same contact.
    for (
      const name of [
        "pywa-message-order.json",
        "pywa-flow-completion-completion.json",
        "pywa-message-unsupported.json",
        "pywa-message-chosen-location.json",
        "pywa-message-video.json",
      ]
    ) {
      // Sent to the world's number (the fake Graph API knows its token only); pywa's bodies share one
      // placeholder wamid, made distinct here so each counts as new.
      const text = Deno.readTextFileSync(new URL(name, CORPUS));
      await post(
        text.replaceAll(PYWA_NUMBER, PHONE_NUMBER_ID).replaceAll('"wamid.xyzxyz"', `"wamid.${name}"`),
      );
    }
    const contact = await findContact(server.db, USER);
    assert.equal(contact?.key, USER);
    assert.equal(contact?.userId, "US.13491208655302741918");

    const session = await signIn(server);
    const res = await fetch(`${server.url}/contacts/${contact!.id}`, { headers: { cookie: session.cookie } });
    const html = await res.text();
    assert.equal(res.status, 200);
    const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    for (
      const shown of [
        "Reacted 👍 to “Your order number?”",
        "Edited “hi”: now “hello”",
        "Deleted “hi”",
        "edited: hello",
        "deleted by the contact",
        "[order] 3 items",
        "item HAMBURGER × 3 at 30 ILS",
        "item SODA × 2 at 10 ILS",
        "[flow reply] Sent",
        "comment_text Comment Text",
        "delivery_rating 4",
        "error 131051: Message type unknown (Message type is currently not supported.)",
        "name Facebook HQ",
        "address 1 Hacker Way, Menlo Park, CA 94025",
        "[video] caption",
        "media id 765756756",
        "not answered",
      ]
    ) {
      assert.ok(text.includes(shown), `the conversation page shows ${shown}`);
    }
    // The reaction sits on the bot's question itself.
    assert.match(html, /Your order number\?<\/div>.*?<span class="badge reaction"[^>]*>👍<\/span>/s);

    // In Chromium, on a phone and a desktop: nothing runs off the side; screenshots for a person to look at.
    const unreadable = await postWebhook(
      server.url,
      channelId,
      body({ id: "wamid.T9", from: "bla", type: "text" }),
    );
    await unreadable.body?.cancel();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await logIn(page, server);
      for (const [width, suffix] of [[390, "-phone"], [1280, ""]] as const) {
        await page.setViewportSize({ width, height: 900 });
        for (
          const [path, name] of [[`/contacts/${contact!.id}`, "transcript-updates"], [
            `/channels/${channelId}`,
            "channel-error-log",
          ]]
        ) {
          await page.goto(`${server.url}${path}`);
          // Opened, the logged update's JSON wraps too.
          for (const d of await page.$$("#webhook-error-log details")) {
            await d.evaluate((e) => e.setAttribute("open", ""));
          }
          const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth - globalThis.innerWidth
          );
          assert.ok(overflow <= 0, `${path} at ${width} px runs ${overflow} px off the side`);
          await screenshot(page, `${name}${suffix}`);
        }
      }
      assert.match(
        await page.textContent("#webhook-error-log") ?? "",
        /is neither a phone number nor a WhatsApp user id/,
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}

Deno.test("whatsapp channel page: the webhook error log shows each unreadable update with its reason, as text (no stored XSS)", async () => {
  await withWorld(async ({ server, channelId }) => {
    const bla = new TextDecoder().decode(Deno.readFileSync(new URL("own-batch-one-unreadable.json", CORPUS)))
      .replaceAll(PYWA_NUMBER, PHONE_NUMBER_ID);
    const res = await postWebhook(server.url, channelId, bla);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    // Stored XSS through the error log: what Meta (or anyone with the app secret) sent is shown as text.
    const hostile = bla.replace('"who am I"', '"<img src=x onerror=alert(1)>"')
      .replace('"from": "16505550102"', '"from": "<script>alert(2)</script>"');
    const logged = await postWebhook(server.url, channelId, hostile);
    await logged.body?.cancel();
    assert.equal(logged.status, 200);
    const refused = await postWebhook(server.url, channelId, "{not json");
    await refused.body?.cancel();
    assert.equal(refused.status, 400);
    const session = await signIn(server);
    const page = await fetch(`${server.url}/channels/${channelId}`, { headers: { cookie: session.cookie } });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /<h2>Webhook error log<\/h2>/);
    assert.match(html, /entry\[0\]\.changes\[0\]\.value\.messages\[0\]/);
    assert.match(html, /no sender: missing from, from_user_id and contacts/);
    assert.match(html, /Cannot read the webhook body/);
    // The update's JSON is shown as text, never as markup.
    assert.match(html, /&quot;who am I&quot;/);
    assert.ok(
      !html.includes("<img src=x") && !html.includes("<script>alert(2)"),
      "no markup from the webhook",
    );
    assert.match(html, /&lt;img src=x onerror=alert\(1\)>/);
    assert.match(html, /from &quot;&lt;script>alert\(2\)&lt;\/script>&quot; is neither a phone number/);
  });
});
