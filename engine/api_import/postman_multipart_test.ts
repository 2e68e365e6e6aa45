import assert from "node:assert/strict";
import { planImport } from "./mod.ts";

function collection(formdata: unknown[]) {
  return JSON.stringify({
    info: { name: "Mail", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    item: [{
      name: "Send",
      request: {
        method: "POST",
        url: "https://api.mailgun.net/v3/mg.example.com/messages",
        body: { mode: "formdata", formdata },
      },
    }],
  });
}

Deno.test("Postman import: a form-data body of text fields becomes a multipart body; a file field is skipped with its reason", async () => {
  const text = await planImport(collection([
    { key: "from", value: "Shop <shop@example.com>", type: "text" },
    { key: "cc", value: "x", type: "text", disabled: true },
    { key: "text", value: "Hello {{name}}", type: "text" },
  ]));
  assert.ok(text.ok);
  assert.deepEqual(text.plan.apis[0].def.body, {
    type: "multipart",
    fields: [{ key: "from", value: "Shop <shop@example.com>" }, { key: "text", value: "Hello {{name}}" }],
  });
  const file = await planImport(collection([{ key: "attachment", src: "/tmp/a.pdf", type: "file" }]));
  assert.ok(file.ok);
  assert.equal(file.plan.apis.length, 0);
  assert.match(file.plan.skipped[0].reason, /The form field "attachment" is a file/);
});
