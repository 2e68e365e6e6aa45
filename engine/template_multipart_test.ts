import assert from "node:assert/strict";
import { renderMultipart } from "./template_multipart.ts";
import { callApi } from "./api_caller.ts";
import { api, serve } from "../tests/api_fixtures.ts";

Deno.test("renderMultipart() writes text fields as the HTML standard encodes them", () => {
  const { body, contentType } = renderMultipart(
    [{ key: 'to"x', value: "line1\nline2" }, { key: "", value: "skipped" }, { key: "n", value: "{{n}}" }],
    { n: 7 },
    "BOUNDARY",
  );
  assert.equal(contentType, "multipart/form-data; boundary=BOUNDARY");
  assert.equal(
    body,
    '--BOUNDARY\r\nContent-Disposition: form-data; name="to%22x"\r\n\r\nline1\r\nline2\r\n' +
      '--BOUNDARY\r\nContent-Disposition: form-data; name="n"\r\n\r\n7\r\n--BOUNDARY--\r\n',
  );
});

Deno.test("a value typed to close its part early cannot forge a field", () => {
  const { body, contentType } = renderMultipart(
    [{ key: "text", value: "{{sys.input}}" }],
    { "sys.input": '\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="admin"\r\n\r\ntrue' },
    "BOUNDARY",
  );
  assert.ok(!contentType.endsWith("boundary=BOUNDARY"), "the guessed boundary was kept");
  const boundary = contentType.split("boundary=")[1];
  assert.equal(body.split(`--${boundary}`).length, 3);
});

Deno.test("callApi() sends a multipart body a server's FormData parser reads field by field", async () => {
  const seen: { type: string | null; fields: [string, string][] }[] = [];
  const server = serve(async (request) => {
    const form = await request.formData();
    seen.push({
      type: request.headers.get("content-type"),
      fields: [...form.entries()].map(([k, v]) => [k, String(v)]),
    });
    return Response.json({ ok: true });
  });
  try {
    const result = await callApi(
      api(`${server.url}/messages`, {
        method: "POST",
        headers: [{ key: "Content-Type", value: "multipart/form-data" }],
        body: {
          type: "multipart",
          fields: [
            { key: "from", value: "Shop <shop@example.com>" },
            { key: "text", value: "Order {{order_id}} & more=1; é" },
            { key: "to", value: "a@example.com" },
            { key: "to", value: "b@example.com" },
          ],
        },
      }),
      { order_id: 'A"1\r\nX' },
    );
    assert.equal(result.status, 200);
    assert.match(seen[0].type ?? "", /^multipart\/form-data; boundary=----chatwire[0-9a-f]{48}$/);
    assert.deepEqual(seen[0].fields, [
      ["from", "Shop <shop@example.com>"],
      ["text", 'Order A"1\r\nX & more=1; é'],
      ["to", "a@example.com"],
      ["to", "b@example.com"],
    ]);
  } finally {
    await server.close();
  }
});
