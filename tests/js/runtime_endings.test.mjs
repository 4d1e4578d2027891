// How a job ends and what becomes of its worker (web/static/runtime_endings.mjs), through the
// client (runtime_client.mjs) over fake workers: a worker whose job left code that ran after
// the job (worker_leftovers.mjs; the worker reports it as `tainted` when it settles) serves no
// later job, and answers from it are not believed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeClient } from "../../web/static/runtime_client.mjs";

class FakeWorker {
  constructor() { this.posted = []; this.terminated = false; this.onmessage = null; this.onerror = null; }
  postMessage(message) { this.posted.push(message); }
  terminate() { this.terminated = true; }
  send(data) { this.onmessage({ data }); }
  lastJob() { return this.posted.at(-1); }
  boot() { this.send({ type: "ready" }); this.send({ type: "idle", id: 0, tainted: false }); }
}

const passing = { rows: [{ id: "t", name: "t", outcome: "passed", message: "", traceback: [], line: null,
                           duration_ms: 1, stdout: "" }],
                  passed: 1, total: 1, stop: null, stdout: "", duration_ms: 3, diagnosis: null, tainted: false };
const tried = (value) => ({ value, stdout: "", error: null, traceback: [], line: null, tainted: false, duration_ms: 1 });

function client() {
  const workers = [];
  const runtime = new RuntimeClient({
    startWorker: () => { const worker = new FakeWorker(); workers.push(worker); return worker; },
    timeLimit: 5, stopped: (kind, message) => ({ rows: [], passed: 0, total: 1, stop: { kind, message } }),
  });
  runtime.start();
  return { runtime, workers };
}

test("a worker whose run left code that ran after it is let go: Try it goes to a fresh worker", async () => {
  const { runtime, workers } = client();
  workers[0].boot();
  const run = runtime.run("js.setTimeout(forge, 0)");
  const runJob = workers[0].lastJob();
  workers[0].send({ type: "result", id: runJob.id, result: passing });
  assert.equal((await run).passed, 1);
  const snippet = runtime.try("x = 1", "x");
  // The worker settles and says what the run left ran after it.
  workers[0].send({ type: "idle", id: runJob.id, tainted: true });
  assert.equal(workers[0].terminated, true);
  assert.equal(workers[0].lastJob().type, "run", "the snippet never went to it");
  // Whatever it still says is nobody's answer.
  workers[0].send({ type: "tried", id: runJob.id, result: tried("'FORGED'") });
  workers[1].boot();
  const tryJob = workers[1].lastJob();
  assert.equal(tryJob.type, "try");
  workers[1].send({ type: "tried", id: tryJob.id, result: tried("1") });
  assert.equal((await snippet).value, "1");
});

test("a worker that settled with nothing left running serves Try it, and only its own answer counts", async () => {
  const { runtime, workers } = client();
  workers[0].boot();
  const run = runtime.run("x = 1");
  const runJob = workers[0].lastJob();
  workers[0].send({ type: "result", id: runJob.id, result: passing });
  await run;
  workers[0].send({ type: "idle", id: runJob.id, tainted: false });
  const snippet = runtime.try("x = 1", "x");
  const tryJob = workers[0].lastJob();
  assert.equal(tryJob.type, "try");
  workers[1].send({ type: "tried", id: tryJob.id, result: tried("'FORGED'") });   // the spare: not its job
  workers[0].send({ type: "tried", id: runJob.id, result: tried("'FORGED'") });   // the old job's id
  workers[0].send({ type: "tried", id: tryJob.id, result: tried("1") });
  assert.equal((await snippet).value, "1");
});
