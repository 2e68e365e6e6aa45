/**
 * Secret leak (issue 9 item 2): an API key sent in the query of a call that
 * fails at TLS time used to land in `turns.trace[].error` (Deno's fetch error
 * text quotes the whole URL), in the pages and in the database file.
 */
import assert from "node:assert/strict";
import { importBotDocument } from "../db/bot_documents.ts";
import { publishBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { findContact } from "../db/contacts.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { signIn, startServer } from "./harness.ts";
import { APP_SECRET, PHONE_NUMBER_ID, postWebhook, textWebhook, VERIFY_TOKEN } from "./whatsapp_setup.ts";

const KEY = "key-SECRET-q/uery 91";
const FORMS = [KEY, encodeURIComponent(KEY), "key-SECRET-q%2fuery%2091", "key-SECRET-q%2Fuery+91"];

Deno.test("secret leak: an apiKey-in-query call failing at TLS time leaves the key in no trace, page, database file, WAL or log", async () => {
  const graph = await startFakeGraph();
  // A server that answers a TLS handshake with plain text and hangs up: the call fails at TLS time.
  const plain = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const serving = (async () => {
    for await (const conn of plain) {
      await conn.write(new TextEncoder().encode("HTTP/1.1 400 Bad Request\r\n\r\n")).catch(() => {});
      conn.close();
    }
  })();
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  try {
    const imported = await importBotDocument(server.deps, {
      format: "chatwire.bot/v1",
      name: "Keyed",
      attributes: [],
      apis: [{
        name: "Keyed API",
        method: "GET",
        url: `https://127.0.0.1:${plain.addr.port}/orders`,
        query: [],
        headers: [],
        body: null,
        auth: { type: "apiKey", in: "query", name: "api_key", value: KEY },
        timeoutMs: 5000,
        mappings: [],
      }],
      flow: {
        start: "call",
        nodes: [
          { id: "call", type: "api", api: "Keyed API", routes: [], others: "sorry" },
          { id: "sorry", type: "end", text: "The shop is not answering" },
        ],
      },
    });
    assert.ok(imported.ok, JSON.stringify(imported));
    assert.ok("version" in await publishBot(server.db, imported.id));
    const { id: channelId } = await createChannel(server.deps, {
      botId: imported.id,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: "token",
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
    });
    const res = await postWebhook(
      server.url,
      channelId,
      textWebhook([{ from: "15550003333", id: "wamid.K", text: "hi" }]),
    );
    assert.equal(res.status, 200);
    await graph.waitFor((s) => s.length === 1, 10_000).catch((e) => {
      console.log(server.logs.join("\n"));
      throw e;
    });

    const texts: Record<string, string> = {};
    const contact = await findContact(server.db, "15550003333");
    const turns = await server.db.query.turns.findMany();
    texts.traces = JSON.stringify(turns.map((t) => t.trace));
    assert.match(texts.traces, /TLS error|Request failed/, "the trace says why the call failed");
    const session = await signIn(server);
    const page = await fetch(`${server.url}/contacts/${contact!.id}`, {
      headers: { cookie: session.cookie },
    });
    texts.contactPage = await page.text();
    texts.log = server.logs.join("\n");
    for (const name of await Array.fromAsync(Deno.readDir(server.dir))) {
      if (name.name.startsWith("chatwire.db")) {
        texts[name.name] = new TextDecoder("latin1").decode(
          await Deno.readFile(`${server.dir}/${name.name}`),
        );
      }
    }
    assert.ok(texts["chatwire.db-wal"] !== undefined || texts["chatwire.db"] !== undefined);
    for (const [where, text] of Object.entries(texts)) {
      for (const form of FORMS) assert.ok(!text.includes(form), `${where} holds the key as ${form}`);
    }
  } finally {
    await server.close();
    plain.close();
    await serving.catch(() => {});
    await graph.close();
  }
});
