/**
 * DESIGN §6 "Fairness" against the attacks it stops: a slow API must not
 * stall other bots, one API gets a bounded number of calls, and one contact
 * cannot flood the flow.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { publishBot } from "../db/bots.ts";
import { importBotDocument } from "../db/bot_documents.ts";
import { createChannel } from "../db/channels.ts";
import { inbound } from "../db/schema.ts";
import { transcript } from "../db/transcript.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startServer, type TestServer } from "./harness.ts";
import {
  ACCESS_TOKEN,
  APP_SECRET,
  eventually,
  postWebhook,
  textWebhook,
  VERIFY_TOKEN,
} from "./whatsapp_setup.ts";
import { textsTo } from "./whatsapp_world.ts";

const SLOW_NUMBER = "106540352240001";
const FAST_NUMBER = "106540352240002";

/** An API that answers only when `open()` is called, counting the calls it holds. */
function startGatedApi() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const state = { holding: 0, most: 0, calls: 0 };
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async () => {
    state.calls++;
    state.holding++;
    state.most = Math.max(state.most, state.holding);
    await gate;
    state.holding--;
    return Response.json({ status: "shipped" });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    state,
    open: release,
    close: () => server.shutdown(),
  };
}

/** Publishes a bot on a channel of its own; the slow one calls `apiUrl` on every message. */
async function botOnChannel(server: TestServer, phoneNumberId: string, apiUrl?: string): Promise<number> {
  const nodes = apiUrl
    ? [
      {
        id: "lookup",
        type: "api",
        api: "Slow order",
        routes: [{ status: "200", next: "done" }],
        others: "done",
      },
      { id: "done", type: "end", text: "Order is {{order_status}}." },
    ]
    : [{ id: "hello", type: "end", text: "Hello!" }];
  const imported = await importBotDocument(server.deps, {
    format: "chatwire.bot/v1",
    name: `Bot ${phoneNumberId}`,
    attributes: [{ name: "order_status", type: "text" }],
    apis: apiUrl
      ? [{
        name: "Slow order",
        method: "GET",
        url: `${apiUrl}/orders/1`,
        timeoutMs: 60_000,
        mappings: [{ path: "$.status", attribute: "order_status" }],
      }]
      : [],
    flow: { start: nodes[0].id, nodes },
  });
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const published = await publishBot(server.db, imported.id);
  assert.ok(!("errors" in published), JSON.stringify(published));
  const channel = await createChannel(server.deps, {
    botId: imported.id,
    phoneNumberId,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
  });
  return channel.id;
}

async function send(
  server: TestServer,
  channelId: number,
  phoneNumberId: string,
  messages: { from: string; id: string; text: string }[],
) {
  const res = await postWebhook(server.url, channelId, textWebhook(messages, phoneNumberId));
  assert.equal(res.status, 200, await res.text());
}

async function withTwoBots(
  fn: (
    w: {
      server: TestServer;
      graph: Awaited<ReturnType<typeof startFakeGraph>>;
      api: ReturnType<typeof startGatedApi>;
      slow: number;
      fast: number;
    },
  ) => Promise<void>,
) {
  const graph = await startFakeGraph({
    tokens: { [SLOW_NUMBER]: ACCESS_TOKEN, [FAST_NUMBER]: ACCESS_TOKEN },
  });
  const api = startGatedApi();
  const server = await startServer({
    env: { WHATSAPP_GRAPH_URL: graph.url, CHATWIRE_BLOCK_PRIVATE_NETWORKS: "false" },
  });
  try {
    const slow = await botOnChannel(server, SLOW_NUMBER, api.url);
    const fast = await botOnChannel(server, FAST_NUMBER);
    await fn({ server, graph, api, slow, fast });
  } finally {
    api.open();
    await server.close();
    await api.close();
    await graph.close();
  }
}

Deno.test("fairness: a slow API cannot stall another bot's contacts", async () => {
  await withTwoBots(async ({ server, graph, api, slow, fast }) => {
    // 130 contacts each wait on an API that does not answer (more than the 128 turns in flight).
    const crowd = Array.from(
      { length: 130 },
      (_, i) => ({
        from: `1555100${String(i).padStart(4, "0")}`,
        id: `wamid.SLOW${i}`,
        text: "where is my order?",
      }),
    );
    await send(server, slow, SLOW_NUMBER, crowd);
    await eventually(() => api.state.holding >= 16, 20_000, "the slow API to hold 16 calls");
    // A customer of an unrelated bot is answered while the slow API still holds every call.
    await send(server, fast, FAST_NUMBER, [{ from: "15552000001", id: "wamid.FAST1", text: "hi" }]);
    await graph.waitFor((sent) => textsTo(sent, "15552000001").length === 1, 20_000);
    assert.ok(api.state.holding > 0, "the fast reply came only after the slow API answered");
    assert.deepEqual(textsTo(graph.sent, "15552000001"), ["Hello!"]);
    // Once the API answers, every waiting contact gets its reply.
    api.open();
    await graph.waitFor((sent) => sent.length === 131, 60_000);
    assert.equal(textsTo(graph.sent, crowd[129].from)[0], "Order is shipped.");
  });
});

Deno.test("fairness: one API gets at most 16 calls in flight, the rest wait their turn", async () => {
  await withTwoBots(async ({ server, graph, api, slow }) => {
    const crowd = Array.from(
      { length: 40 },
      (_, i) => ({ from: `1555300${String(i).padStart(4, "0")}`, id: `wamid.CAP${i}`, text: "order?" }),
    );
    await send(server, slow, SLOW_NUMBER, crowd);
    await eventually(() => api.state.holding >= 16, 20_000, "the slow API to hold 16 calls");
    // Every message is claimed and waiting, yet no more calls go out.
    await eventually(
      async () => {
        const pending = await server.db.select().from(inbound).where(eq(inbound.status, "pending"));
        return pending.length === 40 && pending.every((row) => row.leaseOwner !== null);
      },
      20_000,
      "all 40 messages to be claimed",
    );
    assert.equal(api.state.holding, 16);
    api.open();
    await graph.waitFor((sent) => sent.length === 40, 60_000);
    assert.equal(api.state.most, 16);
    assert.equal(api.state.calls, 40);
  });
});

Deno.test("fairness: a contact flooding 40 messages in a minute has the 10 over 30 recorded as rate limited, not run", async () => {
  await withTwoBots(async ({ server, graph, fast }) => {
    const from = "15554000001";
    const flood = Array.from(
      { length: 40 },
      (_, i) => ({ from, id: `wamid.FLOOD${i}`, text: `message ${i}` }),
    );
    await send(server, fast, FAST_NUMBER, flood);
    await eventually(
      async () => {
        const rows = await server.db.select().from(inbound).where(eq(inbound.contactKey, from));
        return rows.length === 40 && rows.every((row) => row.status !== "pending");
      },
      30_000,
      "every message of the flood to be handled",
    );
    await graph.waitFor((sent) => textsTo(sent, from).length >= 30, 20_000);
    const lines = (await transcript(server.db, from)).filter((l) => l.direction === "in");
    assert.deepEqual(lines.map((l) => l.status), [
      ...Array(30).fill("done"),
      ...Array(10).fill("rate_limited"),
    ]);
    assert.deepEqual(lines.slice(30).map((l) => l.text), flood.slice(30).map((m) => m.text));
    // Nothing more is queued for the flood: the outbox holds exactly 30 replies.
    const outbox = (await transcript(server.db, from)).filter((l) => l.direction === "out");
    assert.equal(outbox.length, 30);
  });
});
