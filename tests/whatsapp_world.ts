/**
 * The world the WhatsApp end-to-end tests run in: the real server with a
 * fake Graph API and a fake shop, the order-status bot published on a
 * channel, and a way to say something as a contact.
 */
import assert from "node:assert/strict";
import { createBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { type FakeGraph, type SentMessage, startFakeGraph } from "./fake_graph.ts";
import { type FakeShop, startFakeShop } from "./fake_shop.ts";
import { startServer, type TestServer } from "./harness.ts";
import {
  ACCESS_TOKEN,
  APP_SECRET,
  PHONE_NUMBER_ID,
  postWebhook,
  setUpChannel,
  textWebhook,
  VERIFY_TOKEN,
} from "./whatsapp_setup.ts";

export interface World {
  server: TestServer;
  graph: FakeGraph;
  shop: FakeShop;
  channelId: number;
  /** Posts one text message and expects 200. */
  say(from: string, id: string, text: string): Promise<void>;
}

export async function withWorld(fn: (w: World) => Promise<void>, options: { publish?: boolean } = {}) {
  const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
  const shop = await startFakeShop();
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  try {
    let channelId: number;
    if (options.publish === false) {
      const bot = await createBot(server.db, { name: "Unpublished", flow: { start: "", nodes: [] } });
      channelId = (await createChannel(server.deps, {
        botId: bot.id,
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: ACCESS_TOKEN,
        appSecret: APP_SECRET,
        verifyToken: VERIFY_TOKEN,
      })).id;
    } else {
      channelId = (await setUpChannel(server.deps, shop.url)).channelId;
    }
    const say = async (from: string, id: string, text: string) => {
      const res = await postWebhook(server.url, channelId, textWebhook([{ from, id, text }]));
      assert.equal(res.status, 200, await res.text());
    };
    await fn({ server, graph, shop, channelId, say });
  } catch (error) {
    // The server's warnings and errors say why a reply did not come.
    console.error(server.logs.filter((l) => /"level":"(warn|error)"/.test(l)).join("\n"));
    throw error;
  } finally {
    await server.close();
    await graph.close();
    await shop.close();
  }
}

export const textsTo = (sent: SentMessage[], to: string) =>
  sent.filter((m) => m.body.to === to).map((m) => (m.body.text as { body: string } | undefined)?.body ?? "");
