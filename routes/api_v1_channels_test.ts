import assert from "node:assert/strict";
import { createBot } from "../db/bots.ts";
import { getChannel } from "../db/channels.ts";
import { startServer, type TestServer } from "../tests/harness.ts";

const TOKEN = "admin-token-0123456789";
const ENV = { CHATWIRE_ADMIN_TOKEN: TOKEN, CHATWIRE_PUBLIC_URL: "https://bot.example.com/" };

function call(server: TestServer, method: string, path: string, body?: string): Promise<Response> {
  return server.request(`/api/v1/channels${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body,
  });
}

function valid(botId: number) {
  return {
    type: "whatsapp",
    botId,
    phoneNumberId: "106540352242922",
    accessToken: "EAAG-access-token-secret",
    appSecret: "0123456789abcdef0123456789abcdef",
    verifyToken: "verify-me-please",
  };
}

Deno.test("POST /api/v1/channels creates a channel with sealed secrets and answers 201 with its webhook URL", async () => {
  const server = await startServer({ workers: false, listen: false, env: ENV });
  try {
    const bot = await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
    const res = await call(server, "POST", "", JSON.stringify(valid(bot.id)));
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(typeof body.id, "number");
    assert.equal(body.webhookUrl, `https://bot.example.com/webhooks/whatsapp/${body.id}`);
    const row = await getChannel(server.db, body.id);
    assert.equal(row?.phoneNumberId, "106540352242922");
    assert.equal(row?.verifyToken, "verify-me-please");
    assert.ok(!row?.accessTokenEnc.includes("EAAG"), "the access token is stored sealed");
    assert.equal(await server.deps.secrets.open(row!.accessTokenEnc), "EAAG-access-token-secret");
    assert.equal(await server.deps.secrets.open(row!.appSecretEnc), "0123456789abcdef0123456789abcdef");
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/v1/channels lists channels without their secrets", async () => {
  const server = await startServer({ workers: false, listen: false, env: ENV });
  try {
    const bot = await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
    const { id } = await (await call(server, "POST", "", JSON.stringify(valid(bot.id)))).json();
    const res = await call(server, "GET", "");
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!/EAAG|0123456789abcdef|Enc"/.test(text), `no secret in ${text}`);
    const [channel] = JSON.parse(text);
    assert.equal(channel.id, id);
    assert.equal(channel.botId, bot.id);
    assert.equal(channel.health, "ok");
    assert.equal(channel.webhookUrl, `https://bot.example.com/webhooks/whatsapp/${id}`);
    assert.equal((await call(server, "GET", `/${id}`)).status, 200);
    const missing = await call(server, "GET", "/999");
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /No channel with id 999/);
  } finally {
    await server.close();
  }
});

Deno.test("POST /api/v1/channels answers 400 for malformed JSON, 422 with paths for bad fields and an unknown bot, 401 without a token", async () => {
  const server = await startServer({ workers: false, listen: false, env: ENV });
  try {
    const bot = await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
    const malformed = await call(server, "POST", "", "{ not json");
    assert.equal(malformed.status, 400);
    assert.match((await malformed.json()).error, /not valid JSON/);

    const bad = await call(
      server,
      "POST",
      "",
      JSON.stringify({ ...valid(bot.id), phoneNumberId: "+1 555", accessToken: "", verifyToken: "short" }),
    );
    assert.equal(bad.status, 422);
    const { errors } = await bad.json();
    assert.deepEqual(errors.map((e: { path: string }) => e.path).sort(), [
      "accessToken",
      "phoneNumberId",
      "verifyToken",
    ]);
    assert.ok(errors.every((e: { message: string }) => e.message.length > 0));

    const wrongType = await call(server, "POST", "", JSON.stringify({ ...valid(bot.id), type: "telegram" }));
    assert.equal(wrongType.status, 422);
    assert.equal((await wrongType.json()).errors[0].path, "type");

    const unknownBot = await call(server, "POST", "", JSON.stringify(valid(4242)));
    assert.equal(unknownBot.status, 422);
    assert.deepEqual((await unknownBot.json()).errors, [{ path: "botId", message: "No bot with id 4242" }]);

    const anonymous = await server.request(`/api/v1/channels`, {
      method: "POST",
      body: JSON.stringify(valid(bot.id)),
    });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    assert.equal((await server.db.query.channels.findMany()).length, 0, "nothing stored");
  } finally {
    await server.close();
  }
});
