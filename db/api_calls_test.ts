import assert from "node:assert/strict";
import type { ApiResult } from "../engine/types.ts";
import { openDb } from "./client.ts";
import { listApiCalls, logApiCall } from "./api_calls.ts";
import { secretsOf as secretValues } from "../engine/redact.ts";

function result(status: number, body: string): ApiResult {
  return {
    status,
    headers: {},
    body,
    durationMs: 12,
    size: body.length,
    request: { method: "GET", url: "https://x.example/a?key=********", headers: {} },
    attempts: 1,
  };
}

Deno.test("logApiCall() keeps secrets out of the excerpt and cuts it at 500 characters", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    const secrets = secretValues({ type: "basic", username: "ada", password: "pa ss&word" });
    await logApiCall(db, result(200, `{"auth":"Basic ${secrets[1]}","p":"pa+ss%26word"}` + "x".repeat(900)), {
      apiName: "Echo",
      source: "test",
      secrets,
    });
    await logApiCall(db, result(0, ""), { apiName: "Other", source: "live" });
    const [row] = await listApiCalls(db, { apiName: "Echo" });
    assert.equal(row.excerpt.length, 500);
    assert.ok(!row.excerpt.includes(secrets[1]) && !row.excerpt.includes("pa+ss%26word"));
    assert.deepEqual((await listApiCalls(db, { statusClass: "0xx" })).map((r) => r.apiName), ["Other"]);
    assert.deepEqual((await listApiCalls(db, { statusClass: "2xx" })).map((r) => r.apiName), ["Echo"]);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
});
