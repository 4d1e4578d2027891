// Unit tests of the page's worker client (web/static/runtime_client.mjs) with a fake Worker:
// the client is given the function that starts workers, so no browser is needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeClient } from "../../web/static/runtime_client.mjs";

/** A stand-in for the Web Worker: records what the client posts, replies on demand. */
class FakeWorker {
  constructor(live) { this.posted = []; this.terminated = false; this.onmessage = null; this.onerror = null; this.live = live; }
  postMessage(message) { this.posted.push(message); }
  terminate() { if (!this.terminated) this.live.count -= 1; this.terminated = true; }
  send(data) { this.onmessage({ data }); }
  jobs() { return this.posted.filter((message) => message.type !== "init"); }
  lastJob() { return this.jobs().at(-1); }
  boot() { this.send({ type: "ready" }); this.send({ type: "idle", id: 0, tainted: false }); }
}

const runResult = (passed, total) => ({
  rows: [{ id: "test_a", name: "test_a", outcome: passed ? "passed" : "failed", message: "", traceback: [], line: null,
           duration_ms: 1, stdout: "" }],
  passed, total, stop: null, stdout: "", duration_ms: 3, diagnosis: null, tainted: false,
});
// What Session.try_snippet answers (contract.TryAnswer), with the snippet's value.
const tried = (value) => ({ value, stdout: "", error: null, traceback: [], line: null, tainted: false,
                            duration_ms: 1 });

// A client over fake workers; `workers` lists every worker started, the first one first;
// `live.max` is the most that were alive (started, not terminated) at once.
function client({ timeLimit = 5, buffered = [], workers: allowed = 2 } = {}) {
  const workers = [];
  const live = { count: 0, max: 0 };
  const startWorker = () => {
    const worker = new FakeWorker(live);
    worker.posted.push({ type: "init" });
    workers.push(worker);
    live.count += 1;
    live.max = Math.max(live.max, live.count);
    return worker;
  };
  const statuses = [];
  const spare = [];
  const runtime = new RuntimeClient({
    startWorker, buffered, timeLimit, workers: allowed,
    stopped: (kind, message) => ({ rows: [], passed: 0, total: 1, stop: { kind, message }, timedOut: kind === "timeout" }),
  });
  runtime.on("status", (state, text) => statuses.push([state, text]));
  runtime.on("spare", (ready) => spare.push(ready));
  runtime.start();
  return { runtime, workers, statuses, live, spare };
}

// Answer the last job posted to `worker` with `result` and report it idle again.
function answer(worker, type, result) {
  const { id } = worker.lastJob();
  worker.send({ type, id, result });
  worker.send({ type: "idle", id, tainted: false });
}

test("jobs wait for Python and then run one at a time, in order", async () => {
  const { runtime, workers, statuses } = client();
  const worker = workers[0];
  const first = runtime.run("def f(): return 1");
  const second = runtime.try("def f(): return 1", "f()");
  assert.deepEqual(worker.jobs(), []);   // not ready yet
  assert.match(statuses.at(-1)[1], /your run starts when Python is ready/);
  worker.boot();
  assert.deepEqual(worker.jobs().map((job) => job.type), ["run"]);
  const runId = worker.lastJob().id;
  worker.send({ type: "result", id: runId, result: runResult(1, 1) });
  assert.equal((await first).passed, 1);
  assert.equal(worker.jobs().length, 1);   // the snippet waits until the worker is idle again
  worker.send({ type: "idle", id: runId, tainted: false });
  const tryJob = worker.lastJob();
  assert.deepEqual([tryJob.type, tryJob.snippet], ["try", "f()"]);   // Try it: the used worker
  worker.send({ type: "tried", id: tryJob.id, result: tried("1") });
  assert.equal((await second).value, "1");
});

test("every run goes to a worker no job has run in; the used one serves Try it until the next run", async () => {
  const { runtime, workers, statuses, live, spare } = client();
  workers[0].boot();
  assert.deepEqual(spare, [true]);
  const first = runtime.run("a");
  assert.deepEqual(spare, [true, false]);
  assert.equal(workers.length, 1);   // no spare boots while a run is in flight
  answer(workers[0], "result", runResult(0, 1));
  assert.equal((await first).passed, 0);
  assert.equal(workers.length, 2);   // after the result, a new spare boots
  assert.deepEqual(workers[1].jobs(), []);
  assert.deepEqual(statuses.at(-1), ["ready", "Ready"]);   // loading in the background is not news
  // Try it and the plots go to the used worker, not to the spare.
  const snippet = runtime.try("a", "f()");
  answer(workers[0], "tried", tried("2"));
  assert.equal((await snippet).value, "2");
  const curves = runtime.sweeps("a");
  answer(workers[0], "swept", { curves: [], error: null, traceback: [] });
  assert.deepEqual((await curves).curves, []);
  assert.deepEqual(workers[1].jobs(), []);
  // The next run: the used worker is terminated, the spare takes the run.
  workers[1].boot();
  const second = runtime.run("b");
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(workers[1].jobs().map((job) => [job.type, job.code]), [["run", "b"]]);
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await second).passed, 1);
  assert.equal(workers.length, 3);
  assert.equal(live.max, 2);
});

test("a run asked for before the spare is ready waits for it, and the status says so", async () => {
  const { runtime, workers, statuses } = client();
  workers[0].boot();
  const first = runtime.run("a");
  answer(workers[0], "result", runResult(1, 1));
  await first;
  const second = runtime.run("b");
  assert.deepEqual(workers[1].jobs(), []);
  assert.equal(workers[0].jobs().length, 1);   // never to the used worker
  assert.equal(statuses.at(-1)[0], "loading");
  assert.match(statuses.at(-1)[1], /^Preparing a fresh Python for your run: Loading Python…/);
  workers[1].send({ type: "status", text: "Loading numpy and the test runner…" });
  assert.deepEqual(statuses.at(-1), ["loading", "Preparing a fresh Python for your run: Loading numpy and the test runner…"]);
  workers[1].boot();
  assert.equal(statuses.at(-1)[0], "running");
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await second).passed, 1);
});

test("a snippet before any run uses the first worker, and the first run gets a new spare", async () => {
  const { runtime, workers, live } = client();
  workers[0].boot();
  const snippet = runtime.try("a", "import math; math.pi = 3");
  assert.equal(workers.length, 2);   // the first worker is used now: a spare boots at once
  answer(workers[0], "tried", tried("None"));
  await snippet;
  const run = runtime.run("a");
  assert.equal(workers[0].jobs().length, 1);
  workers[1].boot();
  assert.equal(workers[0].terminated, true);
  assert.equal(workers[1].lastJob().type, "run");
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await run).passed, 1);
  assert.equal(live.max, 2);
});

test("answers are taken only from the worker the job was given to, and for that job", async () => {
  const { runtime, workers } = client();
  workers[0].boot();
  const first = runtime.run("a");
  answer(workers[0], "result", runResult(0, 1));
  await first;
  workers[1].boot();
  // A snippet in the used worker; the spare's forged answer to it is ignored.
  let snippetAnswer = null;
  runtime.try("a", "f()").then((value) => { snippetAnswer = value; });
  const tryId = workers[0].lastJob().id;
  workers[1].send({ type: "tried", id: tryId, result: tried("forged") });
  await Promise.resolve();
  assert.equal(snippetAnswer, null);
  answer(workers[0], "tried", tried("1"));
  await Promise.resolve();
  assert.equal(snippetAnswer.value, "1");
  // A run in the spare; the used worker (code left running in it) forges its result.
  let settled = null;
  runtime.run("wrong").then((result) => { settled = result; });
  const job = workers[1].lastJob();
  workers[0].onmessage({ data: { type: "result", id: job.id, result: runResult(1, 1) } });
  workers[0].onmessage({ data: { type: "idle", id: job.id, tainted: false } });
  workers[0].onmessage({ data: { type: "fatal", id: job.id, message: "forged" } });
  // A reply for another job, a reply of another kind, and a malformed result: ignored too.
  workers[1].send({ type: "result", id: job.id + 7, result: runResult(1, 1) });
  workers[1].send({ type: "tried", id: job.id, result: tried("1") });
  workers[1].send({ type: "result", id: job.id, result: { rows: "all passed", passed: 9, total: 9, stop: null } });
  await Promise.resolve();
  assert.equal(settled, null);
  workers[1].send({ type: "result", id: job.id, result: runResult(0, 1) });
  await Promise.resolve();
  assert.deepEqual([settled.passed, settled.total, settled.timedOut], [0, 1, false]);
});

test("a run past the time limit gets a timeout answer and a fresh worker", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { runtime, workers, statuses } = client({ timeLimit: 2 });
  workers[0].boot();
  const answerOf = runtime.run("while True: pass");
  t.mock.timers.tick(1999);
  assert.equal(workers.length, 1);
  t.mock.timers.tick(1);
  const result = await answerOf;
  assert.equal(result.timedOut, true);
  assert.equal(result.stop.kind, "timeout");
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.deepEqual(workers[1].posted, [{ type: "init" }]);
  assert.equal(statuses.at(-1)[0], "timeout");
  assert.match(statuses.at(-1)[1], /Stopped after 2 s.*Restarting: Loading Python…/);
  workers[1].boot();
  assert.deepEqual(statuses.at(-1), ["ready", "Ready"]);
});

test("a snippet past the time limit loses only the used worker: the spare is ready for the next run", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { runtime, workers, statuses } = client({ timeLimit: 2 });
  workers[0].boot();
  const first = runtime.run("a");
  answer(workers[0], "result", runResult(1, 1));
  await first;
  workers[1].boot();
  const snippet = runtime.try("a", "while True: pass");
  t.mock.timers.tick(2000);
  assert.equal((await snippet).timedOut, true);
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.deepEqual(statuses.at(-1), ["timeout", "Stopped after 2 s: your code may loop forever."]);
  const run = runtime.run("a");
  assert.equal(workers[1].lastJob().type, "run");
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await run).passed, 1);
});

test("code that keeps the used worker busy gets it stopped; the next snippet takes the spare", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { runtime, workers, statuses } = client({ timeLimit: 2 });
  workers[0].boot();
  const first = runtime.run("js.setTimeout(spin)");
  workers[0].send({ type: "result", id: workers[0].lastJob().id, result: runResult(1, 1) });   // never idle
  await first;
  workers[1].boot();
  const snippet = runtime.try("a", "1");
  assert.equal(workers[0].jobs().length, 1);   // waits for the used worker
  t.mock.timers.tick(2000);
  assert.equal(workers[0].terminated, true);
  assert.match(statuses.at(-2)[1], /kept Python busy/);
  assert.equal(workers[1].lastJob().type, "try");
  answer(workers[1], "tried", tried("1"));
  assert.equal((await snippet).value, "1");
  assert.equal(workers.length, 3);   // the spare was used: another boots
});

test("a tainted worker serves nothing more; a crash answers its job", async () => {
  const { runtime, workers } = client();
  workers[0].boot();
  const tainted = runtime.run("import sys; sys.modules.clear()");
  workers[0].send({ type: "result", id: workers[0].lastJob().id, result: { ...runResult(1, 1), tainted: true } });
  assert.equal((await tainted).passed, 1);
  assert.equal(workers[0].terminated, true);
  workers[1].boot();
  const crashed = runtime.run("def f(): return f()");
  workers[1].send({ type: "fatal", id: workers[1].lastJob().id, message: "RangeError" });
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

test("a spare that fails to start (another build's data, say) fails the next run, not the last", async () => {
  const { runtime, workers, statuses } = client();
  workers[0].boot();
  const first = runtime.run("a");
  answer(workers[0], "result", runResult(1, 1));
  assert.equal((await first).passed, 1);
  workers[1].send({ type: "fatal", id: null, message: "reload the page to get the new version" });
  assert.equal(statuses.at(-1)[0], "error");
  assert.equal((await runtime.run("a")).stop.kind, "startup_failure");
  assert.equal(workers.length, 2);
});

test("with one worker allowed, each run waits for a fresh Python that replaces the used one", async () => {
  const { runtime, workers, live, statuses } = client({ workers: 1 });
  workers[0].boot();
  const first = runtime.run("a");
  answer(workers[0], "result", runResult(1, 1));
  await first;
  assert.equal(workers.length, 1);   // no spare beside the used worker
  const snippet = runtime.try("a", "1");
  answer(workers[0], "tried", tried("1"));
  await snippet;
  const second = runtime.run("b");
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.match(statuses.at(-1)[1], /^Preparing a fresh Python for your run/);
  workers[1].boot();
  assert.deepEqual(workers[1].jobs().map((job) => job.code), ["b"]);
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await second).passed, 1);
  assert.equal(live.max, 1);
});

test("messages the first worker sent before the client started are replayed", () => {
  const { runtime, statuses } = client({ buffered: [{ type: "status", text: "Loading numpy…" }, { type: "ready" }] });
  assert.deepEqual(statuses, [["loading", "Loading numpy…"], ["ready", "Ready"]]);
  assert.equal(runtime.ready, true);
});

test("another problem is served by the untouched spare; the used worker and its job go", async () => {
  const { runtime, workers, statuses } = client();
  workers[0].boot();
  const ran = runtime.run("first problem's code");
  answer(workers[0], "result", runResult(1, 1));
  await ran;
  workers[1].boot();                                  // the spare for the next run
  const snippet = runtime.try("code", "while True: pass");   // goes to the used worker
  assert.equal(workers[0].lastJob().type, "try");
  const started = workers.length;
  const startForOld = runtime.startWorker;
  let startedForNext = 0;
  runtime.switchProblem(() => { startedForNext += 1; return startForOld(); },
                        { dataUrl: "http://x/data/next.json", dataSha256: "abc" });
  assert.equal((await snippet).error, "You went to another problem before this job finished.");
  assert.equal(workers[0].terminated, true);          // the used worker, learner code and all
  assert.equal(workers[1].terminated, false);
  assert.deepEqual(workers[1].lastJob(), { type: "problem", dataUrl: "http://x/data/next.json", dataSha256: "abc" });
  assert.equal(workers.length, started);
  assert.deepEqual(statuses.at(-1), ["loading", "Preparing the tests…"]);
  assert.equal(runtime.ready, false);
  // Its old idle report does not make it ready for the new problem; its new "ready" does.
  workers[1].send({ type: "idle", id: 0, tainted: false });
  const next = runtime.run("next problem's code");
  assert.equal(workers[1].jobs().filter((job) => job.type === "run").length, 0);
  workers[1].boot();
  assert.equal(workers[1].lastJob().type, "run");
  assert.equal(workers[1].lastJob().code, "next problem's code");
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await next).passed, 1);
  assert.equal(startedForNext, 1);                   // the spare after that run: the new problem's
});

test("a spare still loading when the problem changes goes on loading, then prepares the new problem", async () => {
  const { runtime, workers, spare } = client();
  const startForOld = runtime.startWorker;
  let startedForNext = 0;
  runtime.switchProblem(() => { startedForNext += 1; return startForOld(); }, { dataUrl: "u", dataSha256: "s" });
  runtime.switchProblem(() => { startedForNext += 1; return startForOld(); }, { dataUrl: "u2", dataSha256: "s2" });
  assert.equal(workers[0].terminated, false);
  assert.equal(startedForNext, 0);
  assert.deepEqual(workers[0].jobs(), []);           // nothing reaches it while it loads
  const run = runtime.run("new problem's code");
  workers[0].boot();                                   // up for the old problem: not ready for the new one
  assert.equal(runtime.ready, false);
  assert.equal(spare.at(-1), false);
  assert.deepEqual(workers[0].jobs(), [{ type: "problem", dataUrl: "u2", dataSha256: "s2" }]);
  workers[0].boot();                                   // the new problem prepared: the run goes to it
  assert.deepEqual(workers[0].lastJob().code, "new problem's code");
  answer(workers[0], "result", runResult(1, 1));
  assert.equal((await run).passed, 1);
  assert.equal(workers.length, 2);
  assert.equal(startedForNext, 1);                     // the spare after that run
});

test("after Python failed to start, the problem swapped in says so instead of loading forever", async () => {
  const { runtime, workers, statuses } = client();
  workers[0].send({ type: "fatal", id: null, message: "no WebAssembly" });
  runtime.switchProblem(() => { throw new Error("no worker may be started"); }, { dataUrl: "u", dataSha256: "s" });
  assert.equal(statuses.at(-1)[0], "error");
  assert.match(statuses.at(-1)[1], /Could not start Python: no WebAssembly/);
  assert.equal((await runtime.run("x")).stop.kind, "startup_failure");
});

test("the next problem is prepared ahead in every spare that took no job, until the page moves on", async () => {
  const { runtime, workers } = client();
  const next = { dataUrl: "http://x/data/next.json", dataSha256: "abc" };
  const ahead = { type: "ahead", ...next };
  runtime.prepareAhead(next);                          // the spare is still loading: asked once it is ready
  assert.deepEqual(workers[0].jobs(), []);
  workers[0].boot();
  assert.deepEqual(workers[0].jobs(), [ahead]);
  runtime.prepareAhead(next);
  assert.deepEqual(workers[0].jobs(), [ahead]);        // asked once
  const ran = runtime.run("solving code");             // a rerun of the problem shown is served as before
  assert.equal(workers[0].lastJob().type, "run");
  answer(workers[0], "result", runResult(1, 1));
  await ran;
  workers[1].boot();                                   // the next spare is asked too; the used worker is not
  assert.deepEqual(workers[1].jobs(), [ahead]);
  assert.deepEqual(workers[0].jobs().map((job) => job.type), ["ahead", "run"]);
  const readies = [];
  runtime.on("ready", (...said) => readies.push(said));
  runtime.switchProblem(runtime.startWorker, next);    // Next: the spare that prepared it serves it
  assert.deepEqual(workers[1].lastJob(), { type: "problem", ...next });
  workers[1].send({ type: "ready", wasm: "shared", ahead: true });
  workers[1].send({ type: "idle", id: 0, tainted: false });
  assert.equal(runtime.ready, true);
  assert.deepEqual(readies, [["shared", true]]);      // the page says so (data-prepared-ahead)
  const again = runtime.run("next problem's code");
  answer(workers[1], "result", runResult(1, 1));
  await again;
  workers[2].boot();
  assert.deepEqual(workers[2].jobs(), []);             // the page moved on: nothing more is prepared ahead
});

test("a spare that could not be made sure of after preparing ahead is let go, and another starts", async () => {
  const { runtime, workers, live } = client();
  workers[0].boot();
  runtime.prepareAhead({ dataUrl: "u", dataSha256: "s" });
  workers[0].send({ type: "idle", id: 0, tainted: true });   // worker.js letGo
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.equal(live.max, 1);
  const run = runtime.run("code");
  assert.deepEqual(workers[1].jobs(), []);
  workers[1].boot();
  assert.deepEqual(workers[1].jobs().map((job) => job.type), ["ahead", "run"]);
  answer(workers[1], "result", runResult(1, 1));
  assert.equal((await run).passed, 1);
});
