import assert from "node:assert/strict";
import { buildSendPayload, parseSendResponse } from "./outbound.ts";
import { fixture } from "./test_fixture.ts";

/** The request fixtures are edited in place before comparing (a dropped header, an added flag). */
// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("buildSendPayload() builds a text message like send-text-request.json", () => {
  const want = fixture<Json>("send-text-request.json");
  // Chatwire never asks for link previews.
  want.text.preview_url = false;
  const got = buildSendPayload({ type: "text", text: want.text.body }, {
    to: want.to,
  });
  assert.deepEqual(got, want);
  assert.deepEqual(Object.keys(got), Object.keys(want));
});

Deno.test("buildSendPayload() builds reply buttons like send-interactive-buttons-request.json", () => {
  const want = fixture<Json>("send-interactive-buttons-request.json");
  // Chatwire sends neither a header nor a footer.
  delete want.interactive.header;
  delete want.interactive.footer;
  const buttons = want.interactive.action.buttons.map((
    b: { reply: { id: string; title: string } },
  ) => b.reply);
  const got = buildSendPayload(
    { type: "buttons", text: want.interactive.body.text, buttons },
    { to: want.to },
  );
  assert.deepEqual(got, want);
});

Deno.test("buildSendPayload() builds a list like send-interactive-list-request.json", () => {
  const want = fixture<Json>("send-interactive-list-request.json");
  delete want.interactive.header;
  delete want.interactive.footer;
  // Chatwire has one untitled section holding every row.
  const rows = want.interactive.action.sections.flatMap((
    s: { rows: unknown[] },
  ) => s.rows);
  want.interactive.action.sections = [{ rows }];
  const got = buildSendPayload(
    {
      type: "list",
      text: want.interactive.body.text,
      button: want.interactive.action.button,
      rows,
    },
    { to: want.to },
  );
  assert.deepEqual(got, want);
});

Deno.test("buildSendPayload() leaves out a list row's missing description", () => {
  const got = buildSendPayload(
    {
      type: "list",
      text: "Pick",
      button: "Options",
      rows: [{ id: "a", title: "A" }],
    },
    { to: "1" },
  ) as { interactive: { action: { sections: unknown[] } } };
  assert.deepEqual(got.interactive.action.sections, [{
    rows: [{ id: "a", title: "A" }],
  }]);
});

Deno.test("buildSendPayload() addresses a username-only user by recipient", () => {
  const got = buildSendPayload({ type: "text", text: "hi" }, {
    recipient: "US.1349",
  });
  assert.equal(got.recipient, "US.1349");
  assert.equal("to" in got, false);
  const both = buildSendPayload({ type: "text", text: "hi" }, {
    to: "1555",
    recipient: "US.1",
  });
  assert.equal(both.to, "1555");
  assert.equal("recipient" in both, false);
});

Deno.test("buildSendPayload() throws without to or recipient", () => {
  assert.throws(
    () => buildSendPayload({ type: "text", text: "hi" }, {}),
    /Cannot build WhatsApp message: no to or recipient/,
  );
});

Deno.test("parseSendResponse() reads send-response.json and send-response-bsuid.json", () => {
  assert.deepEqual(parseSendResponse(fixture("send-response.json")), {
    messageId: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
    waId: "16505551234",
  });
  assert.deepEqual(parseSendResponse(fixture("send-response-bsuid.json")), {
    messageId: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
    userId: "US.13491208655302741918",
  });
});

Deno.test("parseSendResponse() answers null without a message id", () => {
  for (
    const body of [
      null,
      "x",
      {},
      { messages: [] },
      { messages: [{}] },
      fixture("error-100.json"),
    ]
  ) {
    assert.equal(parseSendResponse(body), null);
  }
});
