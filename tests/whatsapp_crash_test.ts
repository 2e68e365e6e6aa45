/**
 * Durability of the WhatsApp path with real server processes (`main.ts
 * serve`) on one database file: SIGKILL after acknowledging webhooks, then a
 * restart; and two processes sharing the file at once.
 *
 * Where the kill lands: sends in flight when a process dies may arrive twice
 * (Graph accepted, the wamid was not stored yet: runtime/sender.ts), so the
 * test kills while turns are in flight (the shop is slow) and while replies
 * wait in the outbox (Graph answers 503), never mid-send.
 */
import assert from "node:assert/strict";
import { freePort } from "../bench/whatsapp_setup.ts";
import { openDb } from "../db/client.ts";
import { queryRows } from "../db/batch.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { type FakeGraph, startFakeGraph } from "./fake_graph.ts";
import { startFakeShop } from "./fake_shop.ts";
import {
  ACCESS_TOKEN,
  eventually,
  PHONE_NUMBER_ID,
  postWebhook,
  settled,
  setUpChannel,
  textWebhook,
} from "./whatsapp_setup.ts";

const SECRET = "crash-test-secret-crash-test-secret-0123456789";
const MAIN = new URL("../main.ts", import.meta.url).pathname;

interface Proc {
  url: string;
  pid: number;
  kill(): Promise<void>;
  /** SIGTERM: drains and exits. */
  stop(): Promise<void>;
}

/** Starts `main.ts serve` on `dir`'s database and waits for /healthz. */
async function spawnServer(dir: string, graphUrl: string): Promise<Proc> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve"],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      CHATWIRE_DATA_DIR: dir,
      CHATWIRE_SECRET: SECRET,
      WHATSAPP_GRAPH_URL: graphUrl,
      LOG_LEVEL: "error",
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      try {
        const res = await fetch(`${url}/healthz`);
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    },
    30_000,
    "the server to start",
  );
  return {
    url,
    pid: child.pid,
    async kill() {
      child.kill("SIGKILL");
      await child.status;
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** `settled` on the database file of a server that runs in another process. */
async function settledFile(dir: string): Promise<void> {
  const database = await openDb(`file:${dir}/chatwire.db`);
  try {
    await settled(database.db);
  } finally {
    database.close();
  }
}

/** A database with the order bot published and a channel, written before any server starts. */
async function prepare(shopUrl: string): Promise<{ dir: string; channelId: number }> {
  const dir = await Deno.makeTempDir({ prefix: "chatwire-crash-" });
  const database = await openDb(`file:${dir}/chatwire.db`);
  try {
    const { channelId } = await setUpChannel(
      { db: database.db, secrets: await createSecretBox(SECRET) },
      shopUrl,
    );
    return { dir, channelId };
  } finally {
    database.close();
  }
}

const contactsOf = (n: number, base: number) => Array.from({ length: n }, (_, i) => String(base + i));

function repliesTo(graph: FakeGraph, to: string): string[] {
  return graph.sent.filter((m) => m.body.to === to).map((m) => (m.body.text as { body: string }).body);
}

async function sayAll(url: string, channelId: number, people: string[], text: string, tag: string) {
  const body = textWebhook(people.map((from) => ({ from, id: `wamid.${tag}.${from}`, text })));
  const res = await postWebhook(url, channelId, body);
  await res.body?.cancel();
  assert.equal(res.status, 200);
}

Deno.test("whatsapp crash: a process killed after acknowledging webhooks answers each message exactly once after restart", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
  const shop = await startFakeShop();
  const { dir, channelId } = await prepare(shop.url);
  const people = contactsOf(20, 15551000000);
  const procs: Proc[] = [];
  try {
    const a = await spawnServer(dir, graph.url);
    procs.push(a);
    await sayAll(a.url, channelId, people, "hi", "HI");
    await graph.waitFor((s) => s.length === 20, 10_000);

    // 1. Killed with turns in flight: the shop takes 3 s, the kill comes right after the 200.
    shop.setMode("slow");
    await sayAll(a.url, channelId, people, "123", "ORDER");
    await new Promise((r) => setTimeout(r, 300));
    await a.kill();
    assert.equal(graph.sent.length, 20);
    shop.setMode("ok");

    // 2. Restarted: the leases of the dead process expire and its messages run again, once.
    const b = await spawnServer(dir, graph.url);
    procs.push(b);
    await graph.waitFor((s) => s.length === 60, 30_000);

    // 3. Killed with replies waiting in the outbox (Graph refuses them for now).
    for (const p of people) {
      graph.failFor(p, { status: 503, body: { error: { message: "Unavailable", code: 2 } } });
    }
    await sayAll(b.url, channelId, people, "456", "AGAIN");
    const database = await openDb(`file:${dir}/chatwire.db`);
    try {
      await eventually(
        async () => {
          const [row] = await queryRows(
            database.db,
            "SELECT count(*) AS n FROM outbox WHERE status = 'queued' AND attempts > 0",
          );
          return Number(row.n) >= 20;
        },
        15_000,
        "replies to wait in the outbox",
      );
    } finally {
      database.close();
    }
    await b.kill();
    for (const p of people) graph.failFor(p, null);

    const c = await spawnServer(dir, graph.url);
    procs.push(c);
    await graph.waitFor((s) => s.length === 100, 30_000);
    await settledFile(dir);
    assert.equal(graph.sent.length, 100);
    for (const p of people) {
      assert.deepEqual(repliesTo(graph, p), [
        "Your order number?",
        "Order 123 is shipped (42.5).",
        "Your order number?",
        "Order 456 is shipped (42.5).",
        "Your order number?",
      ], p);
    }
    await c.stop();
  } finally {
    for (const p of procs) await p.kill().catch(() => {});
    await graph.close();
    await shop.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

Deno.test("whatsapp crash: two processes sharing one database process every message exactly once", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
  const shop = await startFakeShop();
  const { dir, channelId } = await prepare(shop.url);
  const people = contactsOf(30, 15552000000);
  const procs: Proc[] = [];
  try {
    const servers = await Promise.all([spawnServer(dir, graph.url), spawnServer(dir, graph.url)]);
    procs.push(...servers);
    const texts = ["hi", "11", "22"];
    for (const [round, text] of texts.entries()) {
      // Every message goes to one process and is redelivered to the other.
      await Promise.all(people.map(async (from, i) => {
        const body = textWebhook([{ from, id: `wamid.TWO.${round}.${from}`, text }]);
        for (const s of [servers[i % 2], servers[(i + 1) % 2]]) {
          const res = await postWebhook(s.url, channelId, body);
          await res.body?.cancel();
          assert.equal(res.status, 200);
        }
      }));
    }
    await graph.waitFor((s) => s.length === people.length * 5, 30_000);
    await settledFile(dir);
    assert.equal(graph.sent.length, people.length * 5);
    for (const p of people) {
      assert.deepEqual(repliesTo(graph, p), [
        "Your order number?",
        "Order 11 is shipped (42.5).",
        "Your order number?",
        "Order 22 is shipped (42.5).",
        "Your order number?",
      ], p);
    }
    const database = await openDb(`file:${dir}/chatwire.db`);
    try {
      const perInbound = await queryRows(
        database.db,
        "SELECT i.id, count(t.id) AS n FROM inbound i LEFT JOIN turns t ON t.inbound_id = i.id GROUP BY i.id",
      );
      assert.equal(perInbound.length, people.length * texts.length);
      assert.ok(perInbound.every((r) => Number(r.n) === 1), "one turn per inbound message");
      // Either process may win every claim (exactly once is the promise, not an even split):
      // every message was handled by one of the two.
      const owners = await queryRows(database.db, "SELECT DISTINCT lease_owner AS owner FROM inbound");
      const pids = servers.map((s) => String(s.pid));
      assert.ok(owners.length >= 1 && owners.length <= 2, `lease owners: ${owners.map((o) => o.owner)}`);
      assert.ok(
        owners.every((o) => pids.includes(String(o.owner).split("-")[0])),
        "owners are the two processes",
      );
    } finally {
      database.close();
    }
    await Promise.all(servers.map((s) => s.stop()));
  } finally {
    for (const p of procs) await p.kill().catch(() => {});
    await graph.close();
    await shop.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
