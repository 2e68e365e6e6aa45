import assert from "node:assert/strict";
import { ERROR_100, ERROR_190, startFakeGraph } from "./fake_graph.ts";
import { buildSendPayload, parseSendResponse } from "../engine/whatsapp/mod.ts";
import { fixture } from "../engine/whatsapp/test_fixture.ts";

const PHONE = "106540352242922";
const TOKEN = "EAAG-token";

async function send(
  url: string,
  body: unknown,
  token: string | null = TOKEN,
  phone = PHONE,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/v26.0/${phone}/messages`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const TEXT = buildSendPayload({ type: "text", text: "Hello" }, {
  to: "16505551234",
});

Deno.test("fake Graph embeds the error-100 and error-190 fixtures unchanged", () => {
  assert.deepEqual(ERROR_100, fixture("error-100.json"));
  assert.deepEqual(ERROR_190, fixture("error-190.json"));
});

Deno.test("fake Graph accepts a valid send and records it with a fresh wamid", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE]: TOKEN } });
  try {
    const first = await send(graph.url, TEXT);
    const second = await send(
      graph.url,
      fixture("send-interactive-list-request.json"),
    );
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const a = parseSendResponse(first.json);
    const b = parseSendResponse(second.json);
    assert.ok(a && b);
    assert.match(a.messageId, /^wamid\./);
    assert.notEqual(a.messageId, b.messageId);
    assert.equal(a.waId, "16505551234");
    assert.deepEqual((first.json as { contacts: unknown }).contacts, [
      { input: "16505551234", wa_id: "16505551234" },
    ]);
    assert.equal(graph.sent.length, 2);
    assert.deepEqual(graph.sent[0].body, TEXT);
    assert.equal(graph.sent[0].phoneNumberId, PHONE);
    assert.equal(graph.sent[0].messageId, a.messageId);
    assert.equal(graph.attempts[1].version, "v26.0");
    assert.equal(graph.attempts[1].token, TOKEN);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph echoes user_id for a send to a recipient", async () => {
  const graph = await startFakeGraph();
  try {
    const body = buildSendPayload({ type: "text", text: "Hi" }, {
      recipient: "US.1349",
    });
    const { status, json } = await send(graph.url, body, "any-token");
    assert.equal(status, 200);
    assert.deepEqual(parseSendResponse(json)?.userId, "US.1349");
    assert.equal(parseSendResponse(json)?.waId, undefined);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph answers 401 with error 190 for a wrong or missing token", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE]: TOKEN } });
  try {
    for (
      const [token, phone] of [["wrong", PHONE], [null, PHONE], [
        TOKEN,
        "999",
      ]] as const
    ) {
      const { status, json } = await send(graph.url, TEXT, token, phone);
      assert.equal(status, 401);
      assert.deepEqual(json, ERROR_190);
    }
    assert.equal(graph.sent.length, 0);
    assert.deepEqual(graph.attempts.map((a) => a.status), [401, 401, 401]);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph answers 400 with error 100 for malformed bodies", async () => {
  const graph = await startFakeGraph();
  try {
    const bad: unknown[] = [
      "{not json",
      { ...TEXT, messaging_product: "sms" },
      { ...TEXT, to: undefined },
      { ...TEXT, recipient: "US.1" },
      { ...TEXT, type: "image" },
      { ...TEXT, text: { body: "" } },
      { ...TEXT, text: { body: "x".repeat(4097) } },
      buildSendPayload({ type: "buttons", text: "Pick", buttons: [] }, {
        to: "1",
      }),
      buildSendPayload(
        {
          type: "buttons",
          text: "Pick",
          buttons: [{ id: "a", title: "x".repeat(21) }],
        },
        { to: "1" },
      ),
      buildSendPayload({
        type: "list",
        text: "Pick",
        button: "",
        rows: [{ id: "a", title: "A" }],
      }, {
        to: "1",
      }),
    ];
    for (const body of bad) {
      const { status, json } = await send(graph.url, body);
      assert.equal(status, 400, JSON.stringify(body).slice(0, 80));
      assert.deepEqual(json, ERROR_100);
    }
    assert.equal(graph.sent.length, 0);
    assert.equal(graph.attempts[0].body, "{not json");
    const ok = await send(
      graph.url,
      fixture("send-interactive-buttons-request.json"),
    );
    assert.equal(ok.status, 200);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph plays failNext() answers in order, then succeeds", async () => {
  const graph = await startFakeGraph();
  try {
    graph.failNext(2, {
      status: 500,
      body: { error: { message: "boom", code: 1 } },
    });
    graph.failNext(1, { status: 400, body: fixture("error-130429.json") });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await send(graph.url, TEXT)).status);
    }
    assert.deepEqual(statuses, [500, 500, 400, 200]);
    assert.equal(graph.sent.length, 1);
    assert.equal(graph.attempts.length, 4);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph fails one recipient with failFor() until cleared", async () => {
  const graph = await startFakeGraph();
  try {
    const windowClosed = {
      error: {
        message: "(#131047) Re-engagement message",
        type: "OAuthException",
        code: 131047,
      },
    };
    graph.failFor("16505551234", { status: 400, body: windowClosed });
    const other = buildSendPayload({ type: "text", text: "Hi" }, {
      to: "15550001111",
    });
    assert.deepEqual(await send(graph.url, TEXT), {
      status: 400,
      json: windowClosed,
    });
    assert.equal((await send(graph.url, other)).status, 200);
    assert.equal((await send(graph.url, TEXT)).status, 400);
    graph.failFor("16505551234", null);
    assert.equal((await send(graph.url, TEXT)).status, 200);
    assert.deepEqual(graph.sent.map((s) => s.body.to), [
      "15550001111",
      "16505551234",
    ]);
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph waitFor() resolves once sent matches and times out otherwise", async () => {
  const graph = await startFakeGraph();
  try {
    graph.setDelay(30);
    const started = Date.now();
    const pending = send(graph.url, TEXT);
    const sent = await graph.waitFor((s) => s.length === 1, 2000);
    assert.equal(sent.length, 1);
    assert.ok(Date.now() - started >= 25, "the delay applies");
    assert.equal((await pending).status, 200);
    await assert.rejects(
      graph.waitFor((s) => s.length === 5, 50),
      /timed out after 50 ms/,
    );
  } finally {
    await graph.close();
  }
});

Deno.test("fake Graph answers 404 for other paths", async () => {
  const graph = await startFakeGraph();
  try {
    const response = await fetch(`${graph.url}/v26.0/${PHONE}/media`, {
      method: "POST",
    });
    assert.equal(response.status, 404);
    await response.body?.cancel();
    assert.equal(graph.attempts.length, 0);
  } finally {
    await graph.close();
  }
});
