/**
 * The database's share of one WhatsApp message: the same storage calls the
 * webhook, the turn worker and the sender make (store, claim, load, run the
 * interpreter, log the API call, commit the turn, claim and mark the
 * replies), without any HTTP. Prints CPU-ish wall time per message; a
 * script, not a test.
 *
 *   deno run -A bench/db_path_bench.ts [--messages 4000] [--group 64]
 */
import { logApiCall } from "../db/api_calls.ts";
import { loadRunnableFlow } from "../db/bots.ts";
import { openDb } from "../db/client.ts";
import { type ContactState, loadContactStates } from "../db/conversations.ts";
import { claimInbound, storeWebhookEvents } from "../db/inbound.ts";
import { claimOutbox, markSent } from "../db/outbox.ts";
import { saveTurn } from "../db/turns.ts";
import { runTurn, type TurnResult } from "../engine/executor.ts";
import { newConversation } from "../engine/step.ts";
import type { ApiResult } from "../engine/types.ts";
import { parseWebhook } from "../engine/whatsapp/mod.ts";
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { setUpChannel, textWebhook } from "../tests/whatsapp_setup.ts";

const flag = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const total = flag("messages", 4000);
const group = flag("group", 64);

const dir = await Deno.makeTempDir({ prefix: "chatwire-dbbench-" });
const database = await openDb(`file:${dir}/chatwire.db`);
const deps = { db: database.db, secrets: await createSecretBox("x".repeat(40)) };
const { botId, channelId } = await setUpChannel(deps, "http://127.0.0.1:9");
const flow = (await loadRunnableFlow(deps, botId, "published"))!;
const answer: ApiResult = {
  status: 200,
  headers: { "content-type": "application/json" },
  body: '{"status":"shipped","totals":{"grand":42.5}}',
  json: { status: "shipped", totals: { grand: 42.5 } },
  durationMs: 1,
  size: 44,
  request: { method: "GET", url: "http://127.0.0.1:9/orders/1", headers: {} },
  attempts: 1,
};

const phases: Record<string, number> = {};
const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = (phases[name] ?? 0) + performance.now() - t;
  }
};

const started = performance.now();
for (let done = 0; done < total; done += group) {
  const events = Array.from({ length: group }, (_, i) => {
    const n = done + i;
    const body = textWebhook([{
      from: `1555${n % 1000}`,
      id: `wamid.${n}`,
      text: n < 1000 ? "hi" : "12345",
    }]);
    const parsed = parseWebhook(JSON.parse(body));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.events[0] as InboundEvent;
  });
  await time(
    "store webhooks",
    () =>
      Promise.all(
        events.map((e) =>
          storeWebhookEvents(database.db, channelId, { inbound: [e], statuses: [], errors: [] })
        ),
      ),
  );
  const claimed = await time(
    "claim inbound",
    () => claimInbound(database.db, "bench", { limit: group, leaseMs: 60_000 }),
  );
  const states = await time(
    "load contacts",
    () => loadContactStates(database.db, claimed.map((c) => c.contactKey)),
  );
  const turns: { work: typeof claimed[number]; state: ContactState; result: TurnResult }[] = [];
  const interpreterStart = performance.now();
  for (const work of claimed) {
    const state = states.get(work.contactKey)!;
    const conversation = state.conversations.get(botId) ?? newConversation(flow, Date.now());
    const result = await runTurn(flow, conversation, work.event.message, {
      callApi: () => Promise.resolve(answer),
    });
    turns.push({ work, state, result });
  }
  phases.interpreter = (phases.interpreter ?? 0) + performance.now() - interpreterStart;
  await time("log api calls", () =>
    Promise.all(
      turns.filter((t) => t.result.trace.some((e) => e.type === "api"))
        .map(() => logApiCall(database.db, answer, { apiName: "Get order", source: "live", botId })),
    ));
  await time(
    "commit turns",
    () =>
      Promise.all(turns.map(({ work, state, result }) =>
        saveTurn(database.db, {
          contactId: state.contact.id,
          botId,
          conversation: result.conversation,
          attributes: {},
          trace: result.trace,
          changes: {},
          at: Date.now(),
        }, {
          inboundId: work.id,
          owner: "bench",
          channelId,
          contactKey: work.contactKey,
          replies: result.sends,
          recipient: work.event.replyTo,
        })
      )),
  );
  for (;;) {
    const replies = await time(
      "claim outbox",
      () => claimOutbox(database.db, "bench", { limit: group * 2, leaseMs: 60_000 }),
    );
    if (replies.length === 0) break;
    await time(
      "mark sent",
      () => Promise.all(replies.flat().map((r) => markSent(database.db, r.id, `wamid.out.${r.id}`))),
    );
  }
}
const ms = performance.now() - started;
database.close();
await Deno.remove(dir, { recursive: true });
console.log(JSON.stringify(
  {
    messages: total,
    group,
    msPerMessage: Math.round((ms / total) * 1000) / 1000,
    messagesPerSecond: Math.round(total / (ms / 1000)),
    msPerMessageByPhase: Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [k, Math.round((v / total) * 1000) / 1000]),
    ),
  },
  null,
  2,
));
