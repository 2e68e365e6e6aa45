import assert from "node:assert/strict";
import { startPump } from "./pump.ts";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => open = resolve);
  return { opened, open };
}

Deno.test("pump: an item waiting on the outside world gives its slot to the next item, up to maxInFlight", async () => {
  const queue = ["slow", "fast", "third"];
  const api = gate();
  const fastDone = gate();
  const allDone = gate();
  const log: string[] = [];
  let most = 0;
  let working = 0;
  const pump = startPump<string>({
    capacity: 1,
    maxInFlight: 2,
    idleMs: 5,
    claim: (limit) => Promise.resolve(queue.splice(0, limit)),
    async run(item, lane) {
      working++;
      most = Math.max(most, working);
      log.push(`start ${item}`);
      if (item === "slow") {
        working--;
        await lane.waiting(() => api.opened);
        working++;
      }
      log.push(`end ${item}`);
      working--;
      if (item === "fast") fastDone.open();
      if (log.filter((l) => l.startsWith("end")).length === 3) allDone.open();
    },
    onError: (error) => assert.fail(String(error)),
  });
  // The slow item waits; with one slot, the fast one still runs and finishes.
  await fastDone.opened;
  assert.deepEqual(log, ["start slow", "start fast", "end fast"]);
  api.open();
  await allDone.opened;
  await pump.stop();
  assert.equal(most, 1, "never more than one item working at once");
  assert.ok(log.indexOf("end slow") > log.indexOf("end fast"));
  // "third" was claimed only once "fast" finished: two in flight at most.
  assert.ok(log.indexOf("start third") > log.indexOf("end fast"));
});
