import assert from "node:assert/strict";
import { createBot } from "../db/bots.ts";
import { upsertAttributes } from "../db/attributes.ts";
import { signIn, startServer } from "../tests/harness.ts";

Deno.test("flow editor says which attributes a restored version lacks", async () => {
  const server = await startServer({ workers: false });
  try {
    const session = await signIn(server);
    await upsertAttributes(server.db, [{ name: "order_id", type: "text" }]);
    const bot = await createBot(server.db, {
      name: "Shop",
      flow: { start: "a", nodes: [{ id: "a", type: "end", text: "{{order_id}} {{old_name}} {{sys.name}}" }] },
    });
    const get = async (query: string) =>
      await (await fetch(`${server.url}/bots/${bot.id}/flow${query}`, {
        headers: { cookie: session.cookie },
      }))
        .text();
    assert.match(
      await get("?restored=1"),
      /Version 1 was copied into the draft; it uses attributes that no longer exist: old_name</,
    );
    assert.doesNotMatch(await get(""), /no longer exist/);
  } finally {
    await server.close();
  }
});
