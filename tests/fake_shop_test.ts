import assert from "node:assert/strict";
import { fakeOrder, startFakeShop } from "./fake_shop.ts";

Deno.test("fake shop answers orders by its id rule and records every call", async () => {
  const shop = await startFakeShop();
  try {
    const found = await fetch(`${shop.url}/orders/123?lang=en`, { headers: { "X-Test": "1" } });
    assert.equal(found.status, 200);
    assert.deepEqual(await found.json(), fakeOrder("123"));
    for (const id of ["404", "0000", "987", "abc"]) {
      const missing = await fetch(`${shop.url}/orders/${id}`);
      assert.equal(missing.status, 404, id);
      assert.deepEqual(await missing.json(), { error: "not found" });
    }
    const echo = await fetch(`${shop.url}/echo/x`, { method: "POST", body: "hi" });
    assert.deepEqual((await echo.json()).body, "hi");
    assert.equal(shop.calls.length, 6);
    assert.deepEqual(shop.calls[0].query, { lang: "en" });
    assert.equal(shop.calls[0].headers["x-test"], "1");
  } finally {
    await shop.close();
  }
});

Deno.test("fake shop fails in fail mode and is cut short by close() in slow mode", async () => {
  const shop = await startFakeShop();
  shop.setMode("fail");
  const failed = await fetch(`${shop.url}/orders/1`);
  assert.equal(failed.status, 500);
  assert.deepEqual(await failed.json(), { error: "boom" });
  shop.setMode("slow");
  const started = performance.now();
  const slow = fetch(`${shop.url}/orders/1`).then((r) => r.text()).catch(() => "");
  await new Promise((r) => setTimeout(r, 100));
  await shop.close();
  await slow;
  assert.ok(performance.now() - started < 2500);
});
