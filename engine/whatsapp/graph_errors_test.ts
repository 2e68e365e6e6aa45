import assert from "node:assert/strict";
import { classifyGraphError, retryDelayMs } from "./graph_errors.ts";
import { fixture } from "./test_fixture.ts";

const RE_ENGAGEMENT = {
  error: {
    message: "(#131047) Re-engagement message",
    type: "OAuthException",
    code: 131047,
    error_data: {
      messaging_product: "whatsapp",
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    },
    fbtrace_id: "A1",
  },
};

Deno.test("classifyGraphError() retries throughput errors even with HTTP 400", () => {
  assert.deepEqual(classifyGraphError(400, fixture("error-130429.json")), {
    kind: "retry",
    code: 130429,
    message: "(#130429) Rate limit hit: Cloud API message throughput has been reached.",
  });
  const pair = classifyGraphError(400, fixture("error-131056.json"));
  assert.equal(pair.kind, "retry");
  assert.equal(pair.code, 131056);
});

Deno.test("classifyGraphError() marks 131047 and error 100 permanent", () => {
  assert.deepEqual(classifyGraphError(400, RE_ENGAGEMENT), {
    kind: "permanent",
    code: 131047,
    message: "(#131047) Re-engagement message: " +
      RE_ENGAGEMENT.error.error_data.details,
  });
  assert.deepEqual(classifyGraphError(400, fixture("error-100.json")), {
    kind: "permanent",
    code: 100,
    message: "Invalid JSON in request body",
  });
});

Deno.test("classifyGraphError() decides on the code before the HTTP status", () => {
  // A permanent code is not retried just because it came with a 5xx…
  assert.equal(classifyGraphError(500, RE_ENGAGEMENT).kind, "permanent");
  // …and a throughput code is retried whatever the status.
  assert.equal(
    classifyGraphError(403, fixture("error-130429.json")).kind,
    "retry",
  );
  assert.equal(
    classifyGraphError(400, { error: { code: "131056" } }).kind,
    "retry",
  );
});

Deno.test("classifyGraphError() flags an expired token (190)", () => {
  const got = classifyGraphError(401, fixture("error-190.json"));
  assert.equal(got.kind, "token_expired");
  assert.equal(got.code, 190);
  assert.match(got.message, /^Error validating access token/);
  assert.equal(
    classifyGraphError(400, fixture("error-190.json")).kind,
    "token_expired",
  );
  assert.equal(classifyGraphError(401, "").kind, "token_expired");
});

Deno.test("classifyGraphError() falls back on the HTTP status for unknown codes", () => {
  const cases: [number, unknown, string, string][] = [
    [0, "connection refused", "retry", "connection refused"],
    [0, undefined, "retry", "no response"],
    [429, null, "retry", "status 429"],
    [
      500,
      { error: { code: 131000, message: "Something went wrong" } },
      "retry",
      "Something went wrong",
    ],
    [502, "<html>Bad gateway</html>", "retry", "status 502"],
    [503, { error: { code: 131016 } }, "retry", "status 503"],
    [
      400,
      { error: { code: 131009, message: "Parameter value is not valid" } },
      "permanent",
      "Parameter value is not valid",
    ],
    [404, {}, "permanent", "status 404"],
  ];
  for (const [status, body, kind, message] of cases) {
    const got = classifyGraphError(status, body);
    assert.equal(got.kind, kind, `${status} ${JSON.stringify(body)}`);
    assert.equal(got.message, message);
  }
});

Deno.test("retryDelayMs() grows exponentially up to 60 s with full jitter", () => {
  const top = () => 0.999999;
  assert.equal(retryDelayMs(1, top), 499);
  assert.equal(retryDelayMs(2, top), 999);
  assert.equal(retryDelayMs(5, top), 7999);
  assert.equal(retryDelayMs(8, top), 59999);
  assert.equal(retryDelayMs(1000, top), 59999);
  assert.equal(retryDelayMs(3, () => 0), 0);
  assert.equal(retryDelayMs(3, () => 0.5), 1000);
  assert.equal(retryDelayMs(0, top), 499);
  for (let i = 0; i < 50; i++) {
    const d = retryDelayMs(10);
    assert.ok(d >= 0 && d < 60_000 && Number.isInteger(d));
  }
});
