import assert from "node:assert/strict";
import * as v from "valibot";
import { ApiSchema } from "../engine/api_schema.ts";
import { createSecretBox } from "../security/secret_box.ts";
import { emptyForm, formToDef } from "./apis_form.ts";

Deno.test("formToDef and the document schema refuse the same timeouts and retries", async () => {
  const secrets = await createSecretBox("test-secret-for-apis-form-0123456789");
  const base = { ...emptyForm(), name: "Get order", url: "https://shop.example/orders" };
  for (
    const [timeoutMs, retry, ok] of [["100", "0", true], ["60000", "5", true], ["99", "0", false], [
      "60001",
      "0",
      false,
    ], ["1000", "6", false]] as const
  ) {
    const form = await formToDef({ ...base, timeoutMs, retry }, secrets);
    assert.equal("def" in form, ok, `form ${timeoutMs}/${retry}`);
    const doc = v.safeParse(ApiSchema, {
      name: "Get order",
      method: "GET",
      url: "https://shop.example/orders",
      timeoutMs: Number(timeoutMs),
      retry: { attempts: Number(retry) },
    });
    assert.equal(doc.success, ok, `document ${timeoutMs}/${retry}`);
  }
  const bad = await formToDef({ ...base, timeoutMs: "1e3", retry: "x" }, secrets);
  assert.ok("errors" in bad);
  assert.equal(bad.errors.timeoutMs, "The timeout is 100 to 60000 ms");
  assert.equal(bad.errors.retry, "Retries are 0 to 5");
});
