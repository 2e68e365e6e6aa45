/**
 * The bare baseline of the WhatsApp benchmark: a plain Deno handler doing
 * the same three HTTP exchanges per message as Chatwire — receive the
 * signed webhook, call the shop, POST the replies to the Graph API — with no
 * storage and no interpreter. It checks the signature (any real receiver
 * must) and keeps which contacts it has greeted in memory.
 *
 * Run by bench/whatsapp_bench.ts as a subprocess:
 * PORT, SHOP_URL, GRAPH_URL, APP_SECRET, PHONE_NUMBER_ID in the environment.
 */
import { verifySignature } from "../engine/whatsapp/signature.ts";

const env = (name: string) => Deno.env.get(name) ?? "";
const SHOP = env("SHOP_URL");
const SEND = `${env("GRAPH_URL")}/v26.0/${env("PHONE_NUMBER_ID")}/messages`;
const SECRET = env("APP_SECRET");
const QUESTION = "Your order number?";
const greeted = new Set<string>();

interface Incoming {
  from: string;
  text: string;
}

Deno.serve({ port: Number(env("PORT")), hostname: "127.0.0.1", onListen() {} }, async (request) => {
  if (request.method === "GET") return new Response("ok");
  const raw = new Uint8Array(await request.arrayBuffer());
  if (!(await verifySignature(raw, request.headers.get("x-hub-signature-256"), SECRET))) {
    return new Response("bad signature", { status: 401 });
  }
  const body = JSON.parse(new TextDecoder().decode(raw));
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      for (const m of change.value.messages ?? []) answer({ from: m.from, text: m.text?.body ?? "" });
    }
  }
  return new Response("ok");
});

/** Replies after the acknowledgement, as Chatwire does; errors only count as lost replies. */
async function answer(message: Incoming): Promise<void> {
  try {
    if (!greeted.has(message.from)) {
      greeted.add(message.from);
      return await send(message.from, QUESTION);
    }
    const res = await fetch(`${SHOP}/orders/${encodeURIComponent(message.text)}?lang=en`, {
      headers: { accept: "application/json", authorization: "Bearer eyJhbGciOi" },
    });
    const order = await res.json();
    await send(message.from, `Order ${message.text} is ${order.status} (${order.totals.grand}).`);
    await send(message.from, QUESTION);
  } catch (error) {
    console.error(String(error));
  }
}

async function send(to: string, text: string): Promise<void> {
  const res = await fetch(SEND, {
    method: "POST",
    headers: { authorization: "Bearer token", "content-type": "application/json" },
    body: JSON.stringify({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to,
      type: "text",
      text: { body: text, preview_url: false },
    }),
  });
  await res.body?.cancel();
}
