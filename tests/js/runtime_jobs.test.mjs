// Unit tests of the job wire details and the job queue (web/static/runtime_jobs.mjs), on
// literal messages and answers: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { JobQueue, freshId, answerKind, crashStop, isAnswer, jobMessage, runningText, startFailure, stoppedAnswer,
         timeoutStop, wellFormed } from "../../web/static/runtime_jobs.mjs";

const runResult = { rows: [{ id: "test_a", name: "test_a", outcome: "passed", message: "", traceback: [], line: null,
                             duration_ms: 1, stdout: "" }],
                    passed: 1, total: 1, stop: null, stdout: "", duration_ms: 3, diagnosis: null, tainted: false };
const tried = { value: "1", stdout: "", error: null, traceback: [], line: null, tainted: false, duration_ms: 1 };
const stoppedRun = (stopKind, message) => ({ stopKind, message });

test("each answer message names the kind of job it answers; other messages answer none", () => {
  assert.deepEqual(["result", "tried", "swept"].map(answerKind), ["run", "try", "sweeps"]);
  assert.deepEqual(["idle", "fatal", "status", undefined].map(answerKind), [null, null, null, null]);
});

test("an answer is believed only in the shape of its kind", () => {
  assert.equal(isAnswer("run", runResult), true);
  assert.equal(isAnswer("try", tried), true);
  assert.equal(isAnswer("try", runResult), false);
  assert.equal(isAnswer("run", { passed: 1 }), false);
});

test("a job's message carries its id and code, and a snippet only for Try it", () => {
  assert.deepEqual(jobMessage("run", 3, "x = 1", undefined), { type: "run", id: 3, code: "x = 1" });
  assert.deepEqual(jobMessage("try", 4, "x = 1", "x"), { type: "try", id: 4, code: "x = 1", snippet: "x" });
  assert.deepEqual(jobMessage("sweeps", 5, "x = 1", undefined), { type: "sweeps", id: 5, code: "x = 1" });
  assert.equal(runningText("run"), "Running tests…");
});

test("a lone surrogate becomes U+FFFD; well-formed text is unchanged", () => {
  assert.equal(wellFormed("a\uD800b"), "a\uFFFDb");
  assert.equal(wellFormed("héllo 😀"), "héllo 😀");
});

test("a stopped snippet or plot says why; a stopped run is the page's stopped result", () => {
  assert.deepEqual(stoppedAnswer("try", "timeout", "too long", stoppedRun),
                   { value: null, stdout: "", error: "too long", traceback: [], line: null, timedOut: true });
  assert.deepEqual(stoppedAnswer("sweeps", "crash", "gone", stoppedRun),
                   { curves: [], error: "gone", traceback: [], line: null, stdout: "", timedOut: false });
  assert.deepEqual(stoppedAnswer("run", "startup_failure", "no Python", stoppedRun),
                   { stopKind: "startup_failure", message: "no Python" });
});

test("the texts of a stopped job name the time limit or the worker's message", () => {
  const timeout = timeoutStop(5);
  assert.deepEqual(timeout.reason, { state: "timeout", text: "Stopped after 5 s: your code may loop forever." });
  assert.match(timeout.answer, /^Stopped after 5 s: the run did not finish\. Look for a loop/);
  const crash = crashStop("out of memory");
  assert.deepEqual(crash.reason, { state: "error", text: "Python stopped (out of memory)." });
  assert.match(crash.answer, /^The Python runtime crashed: out of memory\. Very deep recursion/);
  // os._exit ends the Emscripten program: the answer names that, not recursion or memory.
  const ended = crashStop("Program terminated with exit(3)");
  assert.equal(ended.answer, "The Python runtime crashed: Program terminated with exit(3). Your code ended the Python " +
    "process (os._exit(3) or the like): code must return, never end Python. The runtime has been restarted.");
  assert.equal(startFailure("no wasm"), "Could not start Python: no wasm. Reload the page to try again.");
});

test("jobs go in flight in order, each with an id of its own, and only their worker's answer is believed", () => {
  const jobs = new JobQueue(stoppedRun);
  jobs.waiting.push({ kind: "run", code: "a", resolve: () => {} }, { kind: "try", code: "b", snippet: "f()", resolve: () => {} });
  assert.equal(jobs.runWaits, true);
  const slot = { name: "spare" };
  const run = jobs.begin(slot, 60, () => assert.fail("timed out"));
  assert.deepEqual(run, { type: "run", id: run.id, code: "a" });
  assert.equal(jobs.runWaits, false);
  assert.equal(jobs.answered({ name: "other" }, run.id, "run", runResult), null);
  assert.equal(jobs.answered(slot, run.id + 1, "run", runResult), null);
  assert.equal(jobs.answered(slot, run.id, "try", tried), null);
  assert.equal(jobs.answered(slot, run.id, "run", { passed: 1 }), null);
  const job = jobs.answered(slot, run.id, "run", runResult);
  assert.equal(job.id, run.id);
  assert.equal(jobs.pending, null);
  const snippet = jobs.begin(slot, 60, () => {});
  assert.deepEqual(snippet, { type: "try", id: snippet.id, code: "b", snippet: "f()" });
  assert.notEqual(snippet.id, run.id);
  assert.equal(jobs.take({ name: "other" }), null);   // not on that worker: still in flight
  assert.equal(jobs.take(slot).id, snippet.id);
  assert.equal(jobs.take(), null);
});

test("job ids cannot be guessed from earlier ones: random, whole, never 0 (the warm-up's)", () => {
  const ids = Array.from({ length: 2000 }, () => freshId());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.ok(Number.isSafeInteger(id) && id > 0, String(id));
  // Not a counter: consecutive ids are far apart, in both directions.
  const steps = ids.slice(1).map((id, i) => id - ids[i]);
  assert.ok(steps.some((step) => step < -1e9) && steps.some((step) => step > 1e9));
});

test("a job in flight calls its time-out after its time limit", async () => {
  const jobs = new JobQueue(stoppedRun);
  jobs.waiting.push({ kind: "sweeps", code: "a", resolve: () => {} });
  await new Promise((resolve) => jobs.begin({}, 0.01, resolve));
  assert.equal(jobs.pending.kind, "sweeps");   // the client takes it out of flight
});

test("stopAll answers the taken job and every waiting one as stopped, and empties the queue", () => {
  const jobs = new JobQueue(stoppedRun);
  const answers = [];
  const keep = (answer) => answers.push(answer);
  jobs.waiting.push({ kind: "try", code: "a", snippet: "x", resolve: keep }, { kind: "run", code: "b", resolve: keep },
                    { kind: "sweeps", code: "c", resolve: keep });
  jobs.begin({}, 60, () => {});
  jobs.stopAll(jobs.take(), "crash", "left");
  assert.deepEqual(answers.map((answer) => answer.error ?? answer.message), ["left", "left", "left"]);
  assert.deepEqual(answers[1], { stopKind: "crash", message: "left" });
  assert.deepEqual(jobs.waiting, []);
  jobs.stopAll(null, "crash", "nothing left");
  assert.equal(answers.length, 3);
});
