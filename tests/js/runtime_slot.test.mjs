// Unit tests of one worker's slot (web/static/runtime_slot.mjs) over a literal stand-in
// worker: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WorkerSlot } from "../../web/static/runtime_slot.mjs";

const fakeWorker = () => ({ posted: [], terminated: false, onmessage: null, onerror: null,
                            postMessage(message) { this.posted.push(message); },
                            terminate() { this.terminated = true; } });

test("a slot's messages, and a worker error as fatal, go to receive with the slot", () => {
  const worker = fakeWorker();
  const got = [];
  const slot = new WorkerSlot(worker, (from, message) => got.push([from, message]));
  worker.onmessage({ data: { type: "ready" } });
  worker.onerror({ message: "" });
  worker.onerror({ message: "Uncaught Error: no WebAssembly" });
  assert.deepEqual(got, [[slot, { type: "ready" }],
                         // no message: a script that could not load (offline), which a retry may mend
                         [slot, { type: "fatal", id: null, retry: true,
                                  message: "the Python runtime could not be loaded or stopped" }],
                         [slot, { type: "fatal", id: null, retry: false, message: "Uncaught Error: no WebAssembly" }]]);
});

test("a job given marks the slot busy with that job's id; another problem un-boots it", () => {
  const worker = fakeWorker();
  const slot = new WorkerSlot(worker, () => {});
  Object.assign(slot, { booted: true, idle: true });
  slot.give({ type: "run", id: 7, code: "x" });
  assert.deepEqual([slot.idle, slot.lastId], [false, 7]);
  slot.openProblem({ dataUrl: "data/b.json", dataSha256: "ab", extra: 1 });
  assert.equal(slot.booted, false);
  assert.deepEqual(worker.posted, [{ type: "run", id: 7, code: "x" },
                                   { type: "problem", dataUrl: "data/b.json", dataSha256: "ab" }]);
});

test("the busy watch fires unless stopped; terminating stops it too", async () => {
  const slot = new WorkerSlot(fakeWorker(), () => {});
  await new Promise((resolve) => slot.watchBusy(0.01, resolve));
  let fired = false;
  slot.watchBusy(0.01, () => { fired = true; });
  slot.terminate();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual([fired, slot.worker.terminated], [false, true]);
});
