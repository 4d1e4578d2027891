// The client of the Python worker (web/static/worker.js), with no DOM access: it starts
// workers through the function it is given, queues jobs, enforces the time limit and
// restarts Python when a run hangs, crashes or taints it. What it has to say goes to
// listeners: "status" (state, text), "progress" (value, 0..1, while Python loads),
// "ready" () and "running" (kind), added with on()
// before start(). Unit-tested under
// Node with a fake worker: tests/js/runtime_client.test.mjs.
import { isRunResult, isSweepResult, isTryResult } from "./contract.mjs";

// How the answer to each kind of job is checked before it is believed.
const VALID = { run: isRunResult, try: isTryResult, sweeps: isSweepResult };
// The worker's answer message for each kind of job.
const ANSWER = { result: "run", tried: "try", swept: "sweeps" };
const RUNNING_TEXT = { run: "Running tests…", try: "Running your snippet…", sweeps: "Plotting your function…" };
const TAINTED = { state: "loading", text: "Your code changed Python's own state;" };

// Lone surrogates cannot cross into Python as UTF-8; they become U+FFFD, never more.
const wellFormed = (text) => (typeof text.toWellFormed === "function" ? text.toWellFormed() : text);

/**
 * One worker at a time, one job at a time. Jobs wait in a queue; each caller gets the
 * answer to the code it passed. A job past the time limit terminates the worker and a fresh
 * one starts; so does a run that left Python tainted or kept it busy afterwards.
 *
 * options.startWorker: () => Worker-like ({postMessage, terminate, onmessage, onerror}),
 *   already sent its "init" message; the one place workers are made (problem.html).
 * options.worker, options.buffered: a worker started before this client, and the
 *   messages it sent meanwhile.
 * options.timeLimit: seconds a job may take. options.stopped(kind, stopKind, message):
 *   the answer of a run that never reported (verdict.mjs stopResult for the page).
 */
export class RuntimeClient {
  constructor({ startWorker, worker = null, buffered = [], timeLimit, stopped }) {
    this.startWorker = startWorker;
    this.timeLimit = timeLimit;
    this.stoppedRun = stopped;
    this.listeners = { status: [], progress: [], ready: [], running: [] };
    this.ready = false;       // Python has started and finished the warm-up
    this.idle = false;        // ...and nothing is running in it
    this.pending = null;      // {id, kind, resolve, timer} of the job in flight
    this.queue = [];          // [{kind, code, snippet, resolve}] waiting for the runtime
    this.nextId = 1;
    this.busyTimer = null;
    this.startFailed = false;
    this.restartReason = null;
    this.notice = null;
    this.loadingText = "Loading Python…";   // the last loading step, as the page first shows it
    this.first = { worker, buffered };
  }

  /** Take over the first worker (or start one) once the listeners are on; returns this. */
  start() {
    const { worker, buffered } = this.first;
    this.first = null;
    this.attach(worker || this.startWorker(), buffered);
    return this;
  }

  /** Call `listener` on every `event` ("status", "progress", "ready" or "running"). */
  on(event, listener) {
    this.listeners[event].push(listener);
    return this;
  }

  emit(event, ...args) {
    for (const listener of this.listeners[event]) listener(...args);
  }

  attach(worker, buffered = []) {
    this.worker = worker;
    this.ready = false;
    this.idle = false;
    worker.onmessage = (event) => this.receive(worker, event.data);
    worker.onerror = (event) => { if (worker === this.worker) this.fatal(null, event.message || "the Python runtime stopped"); };
    for (const message of buffered || []) this.receive(worker, message);
  }

  receive(worker, message) {
    if (worker !== this.worker || !message || typeof message !== "object") return;  // a terminated worker's last words
    if (message.type === "status") this.loading(String(message.text));
    else if (message.type === "progress" && Number.isFinite(message.value)) this.emit("progress", message.value);
    else if (message.type === "ready") this.becameReady();
    else if (message.type in ANSWER) this.finished(message.id, message.result, ANSWER[message.type]);
    else if (message.type === "idle") this.becameIdle(message.id, message.tainted === true);
    else if (message.type === "fatal") this.fatal(message.id, String(message.message));
  }

  // While a fresh runtime loads after a timeout or crash, the status keeps saying why.
  loading(text) {
    this.loadingText = text;
    const waiting = this.queue.length ? " — your run starts when Python is ready" : "";
    if (this.restartReason) this.emit("status", this.restartReason.state, `${this.restartReason.text} Restarting: ${text}${waiting}`);
    else this.emit("status", "loading", text + waiting);
  }

  becameReady() {
    this.ready = true;
    this.restartReason = null;
    this.emit("status", "ready", "Ready");
    this.emit("ready");
  }

  becameIdle(id, tainted) {
    if (this.pending || id !== this.lastRunId && id !== 0) return;
    clearTimeout(this.busyTimer);
    if (tainted) {   // the last run's changes could not be undone: the next run needs a fresh Python
      this.restart(TAINTED);
      return;
    }
    this.idle = true;
    if (!this.queue.length) this.emit("status", "ready", this.notice || "Ready");
    this.notice = null;
    this.startNext();
  }

  /** Run the tests on `code`: a RunResult (exercisekit/runtime/results.py) with `timedOut`. */
  run(code) { return this.submit({ kind: "run", code }); }

  /** Run `snippet` against `code` without the tests: {value, stdout, error, traceback, line}. */
  try(code, snippet) { return this.submit({ kind: "try", code, snippet }); }

  /** The learner's curves on the problem's sweeps (for the plots): {curves, error, ...}. */
  sweeps(code) { return this.submit({ kind: "sweeps", code }); }

  submit(job) {
    job.code = wellFormed(job.code);
    if (job.snippet !== undefined) job.snippet = wellFormed(job.snippet);
    return new Promise((resolve) => {
      if (this.startFailed) { resolve(this.stopped(job.kind, "startup_failure", this.startFailed)); return; }
      this.queue.push({ ...job, resolve });
      if (!this.ready) this.loading(this.loadingText);
      this.startNext();
    });
  }

  startNext() {
    if (!this.ready || !this.idle || this.pending || !this.queue.length) return;
    const { kind, code, snippet, resolve } = this.queue.shift();
    const id = this.nextId++;
    this.idle = false;
    const timer = setTimeout(() => this.timedOut(), this.timeLimit * 1000);
    this.pending = { id, kind, resolve, timer };
    this.emit("status", "running", RUNNING_TEXT[kind]);
    this.emit("running", kind);
    const message = { run: { type: "run", id, code }, try: { type: "try", id, code, snippet },
                      sweeps: { type: "sweeps", id, code } }[kind];
    this.worker.postMessage(message);
  }

  // A job that never reported: a run gets every expected row "not run", a try its reason.
  stopped(kind, stopKind, message) {
    if (kind === "sweeps") return { curves: [], error: message, traceback: [], line: null, stdout: "",
                                    timedOut: stopKind === "timeout" };
    if (kind !== "try") return this.stoppedRun(stopKind, message);
    return { value: null, stdout: "", error: message, traceback: [], line: null, timedOut: stopKind === "timeout" };
  }

  finished(id, result, kind) {
    if (!this.pending || this.pending.id !== id || this.pending.kind !== kind) return;
    if (!VALID[kind](result)) return;
    const { resolve, timer } = this.pending;
    clearTimeout(timer);
    this.pending = null;
    this.lastRunId = id;
    result.timedOut = false;
    this.emit("status", "ready", "Ready");
    resolve(result);
    if (result.tainted) {
      this.restart(TAINTED);
      return;
    }
    // Code the learner scheduled to run later (js.setTimeout) must not hold the worker.
    this.busyTimer = setTimeout(() => {
      this.notice = null;
      this.restart({ state: "error", text: "Your code kept Python busy after the tests finished " +
                                            "(a callback that never returns?)." });
    }, this.timeLimit * 1000);
  }

  timedOut() {
    const { resolve, kind } = this.pending;
    this.pending = null;
    this.restart({ state: "timeout", text: `Stopped after ${this.timeLimit} s: your code may loop forever.` });
    resolve(this.stopped(kind, "timeout", `Stopped after ${this.timeLimit} s: the run did not finish. ` +
      "Look for a loop that never ends (a while loop whose condition never changes)."));
  }

  fatal(id, message) {
    if (!this.ready && !this.pending) {   // failing to start would fail again: don't loop
      this.startFailed = `Could not start Python: ${message}. Reload the page to try again.`;
      this.emit("status", "error", this.startFailed);
      for (const { kind, resolve } of this.queue.splice(0)) resolve(this.stopped(kind, "startup_failure", this.startFailed));
      return;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) clearTimeout(pending.timer);
    this.restart({ state: "error", text: `Python stopped (${message}).` });
    if (pending) pending.resolve(this.stopped(pending.kind, "crash", `The Python runtime crashed: ${message}. ` +
      "Very deep recursion or using up memory can do this; the runtime has been restarted."));
  }

  restart(reason) {
    clearTimeout(this.busyTimer);
    this.worker.terminate();
    this.restartReason = reason;
    this.attach(this.startWorker());
    this.loading("Loading Python…");
  }
}
