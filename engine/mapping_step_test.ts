// step() with mappings per status (DESIGN §4): the API node hands the response's status to the mappings.
import assert from "node:assert/strict";
import { step } from "./step.ts";
import { apiFlow, result, started } from "../tests/step_fixtures.ts";

function after(
  status: number,
  json: unknown,
  mappings: { path: string; attribute: string; status?: string }[],
) {
  const flow = apiFlow([{ status: "2xx", next: "ok" }], "others");
  flow.apis.X.mappings = mappings;
  const c = started(flow).conversation;
  c.attributes.a = "from an earlier order";
  return step(flow, c, { type: "api_result", nodeId: "call", result: result(status, { json }) }).conversation;
}

Deno.test("step() clears a mapped attribute whose path an answer lacks, so an earlier order's value never shows", () => {
  assert.equal(after(200, { other: 1 }, [{ path: "$.v", attribute: "a" }]).attributes.a, "");
  assert.equal(after(200, { v: "new" }, [{ path: "$.v", attribute: "a" }]).attributes.a, "new");
});

Deno.test("step() applies only the mappings of the answer's status, and none without an answer", () => {
  const mappings = [{ path: "$.v", attribute: "a" }, { path: "$.error", attribute: "a", status: "404" }];
  assert.equal(after(404, { error: "no such order" }, mappings).attributes.a, "no such order");
  assert.equal(after(500, { v: "x" }, mappings).attributes.a, "from an earlier order");
  assert.equal(after(0, undefined, mappings).attributes.a, "from an earlier order");
});
