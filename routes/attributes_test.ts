import assert from "node:assert/strict";
import { upsertApis } from "../db/apis.ts";
import { listAttributeDefs } from "../db/attributes.ts";
import { bots } from "../db/schema.ts";
import { parseAttributeForm } from "./attributes.tsx";
import { postForm, signIn, startServer } from "../tests/harness.ts";

Deno.test("attributes page creates, refuses bad input with 422, and refuses deleting a used attribute", async () => {
  const server = await startServer({ workers: false, listen: false });
  try {
    const session = await signIn(server);
    const add = (fields: Record<string, string>) =>
      postForm(server, session, "/attributes", { type: "text", default: "", description: "", ...fields });
    assert.equal((await add({ name: "order_id" })).status, 303);
    assert.equal((await add({ name: "total", type: "number", default: "0" })).status, 303);
    const duplicate = await add({ name: "order_id" });
    assert.equal(duplicate.status, 422);
    assert.match(await duplicate.text(), /already exists/);
    const badDefault = await add({ name: "count", type: "number", default: "many" });
    assert.equal(badDefault.status, 422);
    const html = await badDefault.text();
    assert.match(html, /A number default must be a number/);
    assert.match(html, /value="many"/);
    assert.equal((await add({ name: "Bad Name" })).status, 422);
    assert.deepEqual((await listAttributeDefs(server.db)).map((a) => [a.name, a.default]), [
      ["order_id", undefined],
      ["total", 0],
    ]);

    await upsertApis(server.db, server.deps.secrets, [{
      name: "Get order",
      method: "GET",
      url: "https://shop.example/orders/{{order_id}}",
      query: [],
      headers: [],
      body: null,
      auth: { type: "none" },
      timeoutMs: 1000,
      mappings: [],
    }]);
    const rows = await server.db.query.attributes.findMany();
    const id = (name: string) => rows.find((r) => r.name === name)!.id;
    const refused = await postForm(server, session, `/attributes/${id("order_id")}/delete`, {});
    assert.equal(refused.status, 409);
    assert.match(
      await refused.text(),
      /Cannot delete attribute <code>order_id<\/code>[\s\S]*APIs: Get order/,
    );
    assert.equal((await postForm(server, session, `/attributes/${id("total")}/delete`, {})).status, 303);
    assert.deepEqual((await listAttributeDefs(server.db)).map((a) => a.name), ["order_id"]);
  } finally {
    await server.close();
  }
});

Deno.test("parseAttributeForm takes a number default in the interpreter's syntax (1e3) and the document's name rule", () => {
  assert.deepEqual(parseAttributeForm({ name: "limit", type: "number", default: "1e3", description: "" }), {
    def: { name: "limit", type: "number", default: 1000 },
  });
  const bad = parseAttributeForm({ name: "Limit", type: "number", default: "1,5", description: "" });
  assert.ok("errors" in bad && bad.errors.name !== undefined);
});

Deno.test("attributes page refuses deleting an attribute used only as {{limit}} in a condition rule value", async () => {
  const server = await startServer({ workers: false, listen: false });
  try {
    const session = await signIn(server);
    assert.equal(
      (await postForm(server, session, "/attributes", {
        name: "limit",
        type: "number",
        default: "5",
        description: "",
      }))
        .status,
      303,
    );
    await server.db.insert(bots).values({
      name: "Shop",
      draftFlow: JSON.stringify({
        start: "if",
        nodes: [
          {
            id: "if",
            type: "condition",
            rules: [{ attribute: "sys.input", op: "gt", value: "{{limit}}", next: "end" }],
          },
          { id: "end", type: "end" },
        ],
      }),
    });
    const id = (await server.db.query.attributes.findMany()).find((r) => r.name === "limit")!.id;
    const refused = await postForm(server, session, `/attributes/${id}/delete`, {});
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /Shop › if \(draft\)/);
    assert.deepEqual((await listAttributeDefs(server.db)).map((a) => a.name), ["limit"]);
  } finally {
    await server.close();
  }
});
