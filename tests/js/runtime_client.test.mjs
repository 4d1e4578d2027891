// Unit tests of the page's worker client (web/static/runtime_client.mjs) with a fake Worker:
// the client is given the function that starts workers, so no browser is needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeClient } from "../../web/static/runtime_client.mjs";

/** A stand-in for the Web Worker: records what the client posts, replies on demand. */
class FakeWorker {
  constructor() { this.posted = []; this.terminated = false; this.onmessage = null; this.onerror = null; }
  postMessage(message) { this.posted.push(message); }
  terminate() { this.terminated = true; }
  send(data) { this.onmessage({ data }); }
  jobs() { return this.posted.filter((message) => message.type !== "init"); }
}

const runResult = (passed, total) => ({
  rows: [{ id: "test_a", name: "test_a", outcome: passed ? "passed" : "failed", message: "", traceback: [], line: null,
           duration_ms: 1, stdout: "" }],
  passed, total, stop: null, stdout: "", duration_ms: 3, diagnosis: null, tainted: false,
});
// What Session.try_snippet answers (contract.TryAnswer), with the snippet's value.
const tryAnswer = (value) => ({ value, stdout: "", error: null, traceback: [], line: null, tainted: false,
                                duration_ms: 1 });

// A client over fake workers; `workers` lists every worker started, the first one first.
function client({ timeLimit = 5, buffered = [] } = {}) {
  const workers = [];
  const startWorker = () => {
    const worker = new FakeWorker();
    worker.posted.push({ type: "init" });
    workers.push(worker);
    return worker;
  };
  const statuses = [];
  const runtime = new RuntimeClient({
    startWorker, buffered, timeLimit,
    stopped: (kind, message) => ({ rows: [], passed: 0, total: 1, stop: { kind, message }, timedOut: kind === "timeout" }),
  });
  runtime.on("status", (state, text) => statuses.push([state, text]));
  runtime.start();
  return { runtime, workers, statuses };
}

test("jobs wait for Python and then run one at a time, in order", async () => {
  const { runtime, workers, statuses } = client();
  const worker = workers[0];
  const first = runtime.run("def f(): return 1");
  const second = runtime.try("def f(): return 1", "f()");
  assert.deepEqual(worker.jobs(), []);   // not ready yet
  assert.match(statuses.at(-1)[1], /your run starts when Python is ready/);
  worker.send({ type: "ready" });
  worker.send({ type: "idle", id: 0, tainted: false });
  assert.deepEqual(worker.jobs().map((job) => job.type), ["run"]);
  const runId = worker.jobs()[0].id;
  worker.send({ type: "result", id: runId, result: runResult(1, 1) });
  assert.equal((await first).passed, 1);
  assert.equal(worker.jobs().length, 1);   // the snippet waits until the worker is idle again
  worker.send({ type: "idle", id: runId, tainted: false });
  const tryJob = worker.jobs()[1];
  assert.deepEqual([tryJob.type, tryJob.snippet], ["try", "f()"]);
  worker.send({ type: "tried", id: tryJob.id, result: tryAnswer("1") });
  assert.equal((await second).value, "1");
});

test("a run past the time limit gets a timeout answer and a fresh worker", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { runtime, workers, statuses } = client({ timeLimit: 2 });
  workers[0].send({ type: "ready" });
  workers[0].send({ type: "idle", id: 0, tainted: false });
  const answer = runtime.run("while True: pass");
  t.mock.timers.tick(1999);
  assert.equal(workers.length, 1);
  t.mock.timers.tick(1);
  const result = await answer;
  assert.equal(result.timedOut, true);
  assert.equal(result.stop.kind, "timeout");
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.deepEqual(workers[1].posted, [{ type: "init" }]);
  assert.equal(statuses.at(-1)[0], "timeout");
  assert.match(statuses.at(-1)[1], /Stopped after 2 s.*Restarting: Loading Python…/);
});

test("answers are taken only from the current worker and for the job in flight", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { runtime, workers } = client({ timeLimit: 1 });
  const old = workers[0];
  old.send({ type: "ready" });
  old.send({ type: "idle", id: 0, tainted: false });
  const hung = runtime.run("loop");
  t.mock.timers.tick(1000);
  assert.equal((await hung).timedOut, true);
  const fresh = workers[1];
  const later = runtime.run("def f(): return 1");
  fresh.send({ type: "ready" });
  fresh.send({ type: "idle", id: 0, tainted: false });
  const job = fresh.jobs()[0];
  let settled = null;
  later.then((result) => { settled = result; });
  // The terminated worker's last words, a reply for another job, and a malformed result: ignored.
  old.onmessage({ data: { type: "result", id: job.id, result: runResult(1, 1) } });
  fresh.send({ type: "result", id: job.id + 7, result: runResult(1, 1) });
  fresh.send({ type: "tried", id: job.id, result: tryAnswer("1") });
  fresh.send({ type: "result", id: job.id, result: { rows: "all passed", passed: 9, total: 9, stop: null } });
  await Promise.resolve();
  assert.equal(settled, null);
  fresh.send({ type: "result", id: job.id, result: runResult(0, 1) });
  const result = await later;
  assert.deepEqual([result.passed, result.total, result.timedOut], [0, 1, false]);
  assert.equal(workers.length, 2);
});

test("a tainted run restarts Python; a crash answers the run and restarts", async () => {
  const { runtime, workers } = client();
  workers[0].send({ type: "ready" });
  workers[0].send({ type: "idle", id: 0, tainted: false });
  const tainted = runtime.run("import sys; sys.modules.clear()");
  workers[0].send({ type: "result", id: workers[0].jobs()[0].id, result: { ...runResult(1, 1), tainted: true } });
  assert.equal((await tainted).passed, 1);
  assert.equal(workers.length, 2);
  workers[1].send({ type: "ready" });
  workers[1].send({ type: "idle", id: 0, tainted: false });
  const crashed = runtime.run("def f(): return f()");
  workers[1].send({ type: "fatal", id: workers[1].jobs()[0].id, message: "RangeError" });
  const result = await crashed;
  assert.equal(result.stop.kind, "crash");
  assert.match(result.stop.message, /crashed: RangeError/);
  assert.equal(workers.length, 3);
});

test("a worker that fails to start answers every queued job and is not restarted", async () => {
  const { runtime, workers, statuses } = client();
  const queued = runtime.run("x = 1");
  workers[0].send({ type: "fatal", id: null, message: "no WebAssembly" });
  assert.equal((await queued).stop.kind, "startup_failure");
  assert.equal((await runtime.sweeps("x = 1")).error, "Could not start Python: no WebAssembly. Reload the page to try again.");
  assert.equal(workers.length, 1);
  assert.deepEqual(statuses.at(-1), ["error", "Could not start Python: no WebAssembly. Reload the page to try again."]);
});

test("messages the first worker sent before the client started are replayed", () => {
  const { runtime, statuses } = client({ buffered: [{ type: "status", text: "Loading numpy…" }, { type: "ready" }] });
  assert.deepEqual(statuses, [["loading", "Loading numpy…"], ["ready", "Ready"]]);
  assert.equal(runtime.ready, true);
});
