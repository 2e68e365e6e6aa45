/**
 * Every real webhook body of tests/fixtures/whatsapp/corpus through the real
 * webhook (signed with the app secret over the raw bytes), the real turn
 * worker and sender, a temp libSQL database and the fake Graph API, checked
 * against tests/whatsapp_corpus_table.ts: what is recorded, whether the flow
 * ran, what was replied, what lands in the webhook error log. One server for
 * the whole corpus; the fixtures run in the table's order, so the identity
 * rules are checked across bodies (one person, one contact).
 */
import assert from "node:assert/strict";
import { queryRows, writeBatch } from "../db/batch.ts";
import { createBot, publishBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { transcript } from "../db/transcript.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startServer } from "./harness.ts";
import { CORPUS, type Expect } from "./whatsapp_corpus_table.ts";
import { ACCESS_TOKEN, APP_SECRET, postWebhook, settled, VERIFY_TOKEN } from "./whatsapp_setup.ts";

const DIR = new URL("./fixtures/whatsapp/corpus/", import.meta.url);

type Json = Record<string, unknown>;

/** The values of `value` in every change of a body. */
function values(body: Json): Json[] {
  const entries = Array.isArray(body.entry) ? body.entry as Json[] : [];
  return entries.flatMap((e) => Array.isArray(e?.changes) ? e.changes as Json[] : [])
    .map((c) => (c?.value ?? {}) as Json);
}

function phoneNumberIds(body: Json): string[] {
  return values(body).map((v) => (v.metadata as Json | undefined)?.phone_number_id)
    .filter((id): id is string => typeof id === "string");
}

Deno.test("whatsapp corpus: the table covers every corpus body, and the corpus has 60+ distinct real bodies", () => {
  const files = [...Deno.readDirSync(DIR)].map((f) => f.name).sort();
  assert.deepEqual([...CORPUS.map(([name]) => name)].sort(), files);
  const distinct = new Set(
    files.map((f) => JSON.stringify(JSON.parse(Deno.readTextFileSync(new URL(f, DIR))))),
  );
  assert.equal(distinct.size, files.length);
  assert.ok(files.filter((f) => !f.startsWith("own-")).length >= 60);
});

Deno.test("whatsapp corpus: every real body is recorded, run, answered and logged as DESIGN §6 says", async () => {
  const graph = await startFakeGraph();
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  const wrong: string[] = [];
  try {
    const db = server.db;
    const bot = await createBot(db, {
      name: "Echo",
      flow: {
        start: "echo",
        nodes: [{
          id: "echo",
          type: "message",
          text: "got: {{sys.input}}|{{sys.flow_response}}",
          next: undefined,
        }],
      },
    });
    const published = await publishBot(db, bot.id);
    assert.ok(!("errors" in published), JSON.stringify(published));
    const bodies = new Map(CORPUS.map(([name]) => [name, Deno.readFileSync(new URL(name, DIR))]));
    const channelOf = new Map<string, number>();
    for (const bytes of bodies.values()) {
      for (const id of phoneNumberIds(JSON.parse(new TextDecoder().decode(bytes)))) {
        if (channelOf.has(id)) continue;
        const channel = await createChannel(server.deps, {
          botId: bot.id,
          phoneNumberId: id,
          accessToken: ACCESS_TOKEN,
          appSecret: APP_SECRET,
          verifyToken: VERIFY_TOKEN,
        });
        channelOf.set(id, channel.id);
      }
    }
    const anyChannel = [...channelOf.values()][0];

    for (const [name, want] of CORPUS) {
      const bytes = bodies.get(name)!;
      const body = JSON.parse(new TextDecoder().decode(bytes)) as Json;
      const channelId = channelOf.get(phoneNumberIds(body)[0]) ?? anyChannel;
      const problems = await runOne(server, graph, channelId, bytes, body, want).catch((error) => {
        throw new Error(`${name}: ${error}`);
      });
      wrong.push(...problems.map((p) => `${name}: ${p}`));
    }
  } finally {
    await server.close();
    await graph.close();
  }
  const failed = new Set(wrong.map((w) => w.slice(0, w.indexOf(": "))));
  console.log(`whatsapp corpus: ${CORPUS.length - failed.size}/${CORPUS.length} bodies handled right`);
  assert.deepEqual(wrong, []);
});

async function runOne(
  server: Awaited<ReturnType<typeof startServer>>,
  graph: Awaited<ReturnType<typeof startFakeGraph>>,
  channelId: number,
  bytes: Uint8Array,
  body: Json,
  want: Expect,
): Promise<string[]> {
  const db = server.db;
  const problems: string[] = [];
  // Many bodies reuse placeholder wamids ("wamid.xyzxyz"): each body starts with no messages stored,
  // so exactly-once does not hide it. Contacts and their conversations stay: identity spans bodies.
  await writeBatch(db, [{ sql: "DELETE FROM outbox", args: [] }, { sql: "DELETE FROM inbound", args: [] }]);
  const statusIds = values(body).flatMap((v) => Array.isArray(v.statuses) ? v.statuses as Json[] : [])
    .filter((s) => s.type !== "call").map((s) => String(s.id));
  if (want.status) {
    for (const id of new Set(statusIds)) {
      await writeBatch(db, [{
        sql:
          `INSERT INTO outbox (channel_id, contact_key, seq, message, recipient, status, wa_message_id, created_at)
          VALUES (?, 'seeded', 0, '{"type":"text","text":"seeded"}', '{"to":"15550000000"}', 'sent', ?, ?)`,
        args: [channelId, id, Date.now()],
      }]);
    }
  }
  const errorsBefore = Number((await queryRows(db, "SELECT count(*) AS n FROM webhook_errors"))[0].n);
  const logBefore = Number(
    (await queryRows(db, "SELECT coalesce(max(id), 0) AS n FROM webhook_unreadable"))[0].n,
  );
  const sentBefore = graph.sent.length;

  const res = await postWebhook(server.url, channelId, bytes);
  const answer = await res.text();
  if (res.status !== 200) return [`POST answered ${res.status} ${answer}`];
  await settled(db);

  const rows = await queryRows(db, "SELECT id, contact_key, status, event FROM inbound ORDER BY id");
  if (rows.length !== want.recorded.length) {
    problems.push(`recorded ${rows.length} updates, want ${want.recorded.length}`);
  }
  const replies = graph.sent.slice(sentBefore);
  const wantReplies = want.recorded.filter((r) => r.runs);
  if (replies.length !== wantReplies.length) {
    problems.push(`${replies.length} replies, want ${wantReplies.length}`);
  }
  for (const [i, r] of want.recorded.entries()) {
    const row = rows[i];
    if (!row) break;
    const event = JSON.parse(String(row.event));
    const fields = (event.fields ?? []).map((f: { label: string; value: string }) =>
      `${f.label}: ${f.value}`
    );
    const got = {
      kind: event.message?.kind,
      summary: event.summary,
      key: row.contact_key,
      status: row.status,
      about: event.about,
    };
    const expected = {
      kind: r.kind,
      summary: r.summary,
      key: r.who.key,
      status: r.runs ? "done" : "recorded",
      about: r.about ?? event.about,
    };
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      problems.push(`recorded ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`);
    }
    const missing = (r.fields ?? []).filter((f) => !fields.includes(f));
    if (missing.length) problems.push(`fields ${JSON.stringify(fields)} lack ${JSON.stringify(missing)}`);
    // The transcript shows the update as recorded, on its contact.
    const lines = await transcript(db, String(row.contact_key));
    const line = lines.find((l) => l.direction === "in" && l.inboundId === Number(row.id));
    if (!line || line.text !== r.summary) problems.push(`transcript shows ${JSON.stringify(line?.text)}`);
  }
  for (const [i, r] of wantReplies.entries()) {
    const sent = replies[i];
    if (!sent) break;
    const text = (sent.body.text as { body?: string } | undefined)?.body;
    const to = { to: sent.body.to, recipient: sent.body.recipient };
    const wantTo = { to: r.who.to, recipient: r.who.recipient };
    if (text !== r.reply || JSON.stringify(to) !== JSON.stringify(wantTo)) {
      problems.push(
        `replied ${JSON.stringify(text)} to ${JSON.stringify(to)}, want ${r.reply} to ${
          JSON.stringify(wantTo)
        }`,
      );
    }
  }
  const log = await queryRows(db, "SELECT place, reason FROM webhook_unreadable WHERE id > ? ORDER BY id", [
    logBefore,
  ]);
  const logged = log.map((l) => `${l.place}: ${l.reason}`);
  if (JSON.stringify(logged) !== JSON.stringify(want.unreadable ?? [])) {
    problems.push(`error log ${JSON.stringify(logged)}, want ${JSON.stringify(want.unreadable ?? [])}`);
  }
  const errorsAfter = Number((await queryRows(db, "SELECT count(*) AS n FROM webhook_errors"))[0].n);
  if (errorsAfter - errorsBefore !== (want.errors ?? 0)) {
    problems.push(`${errorsAfter - errorsBefore} value-level errors stored, want ${want.errors ?? 0}`);
  }
  if (want.status) {
    const seeded = await queryRows(
      db,
      "SELECT wa_message_id, status FROM outbox WHERE contact_key = 'seeded'",
    );
    const off = seeded.filter((s) => s.status !== want.status).map((s) =>
      `${s.wa_message_id} is ${s.status}`
    );
    if (seeded.length === 0 || off.length) problems.push(`statuses: ${off.join(", ") || "none seeded"}`);
  }
  if (want.contact) {
    const [c] = await queryRows(db, "SELECT key, wa_id, user_id FROM contacts WHERE key = ?", [
      want.contact.key,
    ]);
    const got = c ? { key: c.key, waId: c.wa_id, userId: c.user_id } : null;
    if (JSON.stringify(got) !== JSON.stringify(want.contact)) {
      problems.push(`contact ${JSON.stringify(got)}, want ${JSON.stringify(want.contact)}`);
    }
  }
  return problems;
}
