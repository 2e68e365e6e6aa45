import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import { createBot } from "../db/bots.ts";
import { apis, attributes, bots, botVersions } from "../db/schema.ts";
import { maskSecrets, parseBotDocument } from "../engine/bot_document.ts";
import type { BotDocument } from "../engine/types.ts";
import { startServer, type TestServer } from "../tests/harness.ts";

const TOKEN = "admin-token-bots-0123456789";
const EXAMPLE = JSON.parse(
  await Deno.readTextFile(new URL("../engine/testdata/order_status.json", import.meta.url)),
) as BotDocument;

function call(server: TestServer, method: string, path: string, body?: unknown): Promise<Response> {
  return server.request(`/api/v1/bots${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function withServer(fn: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer({ workers: false, listen: false, env: { CHATWIRE_ADMIN_TOKEN: TOKEN } });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function rowCounts(server: TestServer): Promise<number[]> {
  const out: number[] = [];
  for (const table of [bots, attributes, apis, botVersions]) {
    const [row] = await server.db.select({ n: count() }).from(table);
    out.push(row.n);
  }
  return out;
}

Deno.test("bots API: importing the DESIGN example, exporting it and importing the export gives the same document", async () => {
  await withServer(async (server) => {
    const first = await call(server, "POST", "", EXAMPLE);
    assert.equal(first.status, 201);
    const created = await first.json();
    assert.equal(typeof created.id, "number");
    assert.deepEqual(created.created, {
      attributes: ["order_id", "order_status", "total"],
      apis: ["Get order"],
    });
    assert.deepEqual(created.updated, { attributes: [], apis: [] });

    const exported: BotDocument = await (await call(server, "GET", `/${created.id}`)).json();
    const parsed = parseBotDocument(EXAMPLE);
    assert.ok(parsed.ok);
    assert.deepEqual(exported, maskSecrets(parsed.document));
    assert.deepEqual(exported.apis[0].auth, { type: "bearer", token: "********" });

    const again = await call(server, "POST", "", exported);
    assert.equal(again.status, 201);
    const second = await again.json();
    assert.notEqual(second.id, created.id);
    assert.deepEqual(second.updated, {
      attributes: ["order_id", "order_status", "total"],
      apis: ["Get order"],
    });
    const reexported = await (await call(server, "GET", `/${second.id}`)).json();
    assert.deepEqual(reexported, exported);

    // The masked secret kept the stored one.
    const withSecrets = await (await call(server, "GET", `/${second.id}?secrets=include`)).json();
    assert.equal(
      withSecrets.apis[0].auth.token,
      EXAMPLE.apis[0].auth.type === "bearer" && EXAMPLE.apis[0].auth.token,
    );
  });
});

Deno.test("bots API: an invalid document gets 422 with every problem by path and writes nothing", async () => {
  await withServer(async (server) => {
    await call(server, "POST", "", EXAMPLE);
    const before = await rowCounts(server);
    const bad = JSON.parse(JSON.stringify(EXAMPLE));
    bad.attributes.push({ name: "Bad Name", type: "text" });
    bad.apis[0].method = "FETCH";
    bad.flow.nodes[2].next = "nowhere";
    bad.flow.nodes[0].attribute = "undeclared";
    bad.flow.nodes.push({ id: "pick", type: "question", text: "Pick", input: "choice", choices: [] });
    const res = await call(server, "POST", "", bad);
    assert.equal(res.status, 422);
    const { errors } = await res.json();
    const paths = errors.map((e: { path: string }) => e.path);
    for (
      const path of [
        "attributes[3].name",
        "apis[0].method",
        "flow.nodes[2].next",
        "flow.nodes[0].attribute",
        "flow.nodes[5].choices",
      ]
    ) {
      assert.ok(paths.includes(path), `${path} is listed in ${JSON.stringify(paths)}`);
    }
    for (const e of errors) assert.equal(typeof e.message, "string");
    const put = await call(server, "PUT", "/1", bad);
    assert.equal(put.status, 422);
    assert.deepEqual(await rowCounts(server), before);
    const draft = await (await call(server, "GET", "/1")).json();
    assert.equal(draft.flow.nodes[2].next, "ask", "the draft is unchanged");
  });
});

Deno.test("bots API: list, replace the draft, publish, and the error statuses", async () => {
  await withServer(async (server) => {
    const { id } = await (await call(server, "POST", "", EXAMPLE)).json();
    const renamed = { ...EXAMPLE, name: "Orders v2" };
    renamed.flow = structuredClone(EXAMPLE.flow);
    (renamed.flow.nodes[3] as { text: string }).text = "Sorry, no order {{order_id}}.";
    const put = await call(server, "PUT", `/${id}`, renamed);
    assert.equal(put.status, 200);
    assert.equal(
      (await (await call(server, "GET", `/${id}`)).json()).flow.nodes[3].text,
      "Sorry, no order {{order_id}}.",
    );

    assert.deepEqual(await (await call(server, "GET", "")).json(), [{
      id,
      name: "Orders v2",
      publishedVersion: null,
    }]);
    const published = await call(server, "POST", `/${id}/publish`);
    assert.deepEqual(await published.json(), { version: 1 });
    assert.deepEqual(await (await call(server, "POST", `/${id}/publish`)).json(), { version: 2 });
    assert.deepEqual(await (await call(server, "GET", "")).json(), [{
      id,
      name: "Orders v2",
      publishedVersion: 2,
    }]);

    const broken = await createBot(server.db, {
      name: "Broken",
      flow: { start: "a", nodes: [{ id: "a", type: "message", text: "hi", next: "b" }] },
    });
    const refused = await call(server, "POST", `/${broken.id}/publish`);
    assert.equal(refused.status, 422);
    assert.deepEqual((await refused.json()).errors.map((e: { path: string }) => e.path), [
      "flow.nodes[0].next",
    ]);

    const malformed = await call(server, "POST", "", "{ not json");
    assert.equal(malformed.status, 400);
    assert.equal(typeof (await malformed.json()).error, "string");
    assert.equal((await call(server, "GET", "/999")).status, 404);
    assert.equal((await call(server, "PUT", "/999", EXAMPLE)).status, 404);
    assert.equal((await call(server, "POST", "/999/publish")).status, 404);
    await (await call(server, "GET", "/abc")).body?.cancel();
    const anonymous = await server.request(`/api/v1/bots`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
  });
});
