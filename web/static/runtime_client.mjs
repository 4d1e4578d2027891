// The client of the Python workers (web/static/worker.js), with no DOM access. Every *Run
// tests* is evaluated in a worker no learner code has run in: a spare worker boots,
// prepares the problem and warms up against the starter in the background, and the run
// goes to it. After the result that worker is the "used" one: it serves Try it and the
// plots until the next run, which terminates it. At most two workers live at once (one
// with `workers: 1`, for low-memory devices: the used worker then gives way to a fresh one
// when a run is asked for). Only the worker a job was given to can answer it, so code
// left running in a used worker cannot forge the next verdict; and what a job left running
// is stopped before its worker takes another job (worker_leftovers.mjs).
// What the client has to say goes to listeners: "status" (state, text), "progress" (value,
// 0..1, while the learner waits for a Python to load), "ready" (wasm, preparedAhead) when a
// spare is ready (its wasm shared or own; whether its problem was prepared ahead),
// "spare" (ready: boolean) and "running" (kind), added with on() before start().
// This file decides which worker is which and which job goes to which. Its rooms:
// runtime_endings.mjs (the used worker's answers: how a job ends, and its worker with it),
// runtime_jobs.mjs (the job queue, job messages, answer checks, texts of stopped jobs),
// runtime_loading.mjs (the status while a Python loads), runtime_slot.mjs (one worker),
// runtime_boot.mjs (a boot that stalls or fails for a while), listeners.mjs. Unit-tested
// under Node with fake workers: tests/js/runtime_client.test.mjs, runtime_boot.test.mjs.
import { JobQueue, SWITCHED, runningText, startFailure, wellFormed } from "./runtime_jobs.mjs";
import { fromUsed, timedOut } from "./runtime_endings.mjs";
import { FIRST_STEP, NEW_PROBLEM_STEP, loadingIsNews, loadingStatus } from "./runtime_loading.mjs";
import { WorkerSlot } from "./runtime_slot.mjs";
import { BOOT_SILENCE_S, BootRetry, retryText, stalledText } from "./runtime_boot.mjs";
import { Listeners } from "./listeners.mjs";

/**
 * Jobs wait in a queue and run one at a time; each caller gets the answer to the code it
 * passed. A run goes to the spare worker only; a snippet or plot to the used worker (or,
 * before any run, to the spare, which is then used and replaced). A job past the time
 * limit terminates its worker; so does code that keeps a worker busy after its job.
 *
 * options.startWorker: () => Worker-like ({postMessage, terminate, onmessage, onerror}),
 *   already sent its "init" message; the one place workers are made (problem.html).
 * options.worker, options.buffered: a worker started before this client, and the
 *   messages it sent meanwhile. options.workers: 2 (default) or 1 (low-memory devices).
 * options.timeLimit: seconds a job may take. options.stopped(kind, stopKind, message):
 *   the answer of a run that never reported (verdict.mjs stopResult for the page).
 * options.bootSilence, options.network: runtime_boot.mjs (BOOT_SILENCE_S, BROWSER_NETWORK).
 */
export class RuntimeClient {
  constructor({ startWorker, worker = null, buffered = [], timeLimit, stopped, workers = 2,
                            bootSilence = BOOT_SILENCE_S, network = undefined }) {
    this.startWorker = startWorker;
    this.timeLimit = timeLimit;
    this.maxWorkers = workers === 1 ? 1 : 2;
    this.listeners = new Listeners(["status", "progress", "ready", "running", "spare"]);
    this.spare = null;        // a WorkerSlot no learner code has run in
    this.used = null;         // the worker of the last job: Try it and the plots, never a run
    this.jobs = new JobQueue(stopped);   // waiting for a worker, and the one in flight
    this.everReady = false;   // the first spare has been ready: later loading happens in the background
    /** @type {string | null} why Python could not start, once it could not */
    this.startFailed = null;
    this.ahead = null;        // {dataUrl, dataSha256}: the problem spares prepare ahead (prepareAhead)
    this.restartReason = null;   // {state, text}: why a worker was lost, said until a spare is ready
    this.loadingText = FIRST_STEP;   // the spare's last loading step
    this.first = { worker, buffered };
    this.bootSilence = bootSilence;   // seconds a booting spare may say nothing (runtime_boot.mjs)
    this.retry = new BootRetry(network);
  }

  /** Take over the first worker (or start one) once the listeners are on; returns this. */
  start() {
    const { worker, buffered } = this.first;
    this.first = null;
    this.attach(worker || this.startWorker(), buffered);
    return this;
  }

  /** True once the spare worker has booted (the page can take a run without waiting long). */
  get ready() { return Boolean(this.spare && this.spare.booted); }

  /** Call `listener` on every `event` ("status", "progress", "ready", "spare" or "running"),
   *  until `signal` (an AbortSignal, optional) aborts: a page swapped in place drops its own. */
  on(event, listener, signal = null) {
    this.listeners.add(event, listener, signal);
    return this;
  }

  emit(event, ...args) { this.listeners.emit(event, ...args); }

  // A new worker becomes the spare; its messages are told apart from every other worker's.
  attach(worker, buffered = []) {
    const slot = new WorkerSlot(worker, (from, message) => this.receive(from, message));
    this.spare = slot;
    slot.watchBoot(this.bootSilence, (stuck) => this.bootFailed(stuck, stalledText(this.bootSilence)));
    this.loadingText = FIRST_STEP;
    for (const message of buffered || []) this.receive(slot, message);
  }

  receive(slot, message) {
    if (!message || typeof message !== "object") return;
    if (slot === this.spare) this.fromSpare(slot, message);
    else if (slot === this.used) fromUsed(this, slot, message);
    // else: a terminated worker's last words
  }

  // The spare has been given no job: it can only load, become ready, or fail to start.
  fromSpare(slot, message) {
    slot.heardWhileBooting();
    if (message.type === "status") this.loading(String(message.text));
    else if (message.type === "progress" && Number.isFinite(message.value)) {
      if (loadingIsNews(this, this.jobs.waiting)) this.emit("progress", message.value);
    } else if (message.type === "ready") {
      slot.wasm = message.wasm === "shared" ? "shared" : "own";
      slot.preparedAhead = message.ahead === true;
      if (slot.nextProblem) this.prepare(slot, slot.nextProblem);   // the page moved on while it loaded
      else this.spareBooted(slot);
    } else if (message.type === "idle" && message.tainted === true) {
      this.drop(slot);   // it could not be made sure of after preparing a problem ahead (worker.js)
      this.provideSpare();
    } else if (message.type === "idle" && message.id === 0 && slot.booted) {
      slot.idle = true;
      this.emit("spare", true);
      this.startNext();
    } else if (message.type === "fatal") {
      if (message.retry === true && !slot.booted) this.bootFailed(slot, String(message.message));
      else this.failedToStart(String(message.message));
    }
  }


  loading(text) {
    this.loadingText = text;
    if (!this.jobs.pending) this.showLoading();
  }

  // Called while no job runs: the status line follows the spare's loading when that is news.
  showLoading() {
    if (this.retry.waiting) return;   // the status says why Python is not loading, and when it will
    const status = loadingStatus(this, this.jobs.waiting);
    if (status) this.emit("status", ...status);
  }

  spareBooted(slot) {
    slot.booted = true;
    slot.heardWhileBooting();   // booted: the watch ends
    this.retry.reset();
    this.everReady = true;
    this.restartReason = null;
    if (!this.jobs.pending) this.emit("status", "ready", "Ready");
    this.emit("ready", slot.wasm, slot.preparedAhead);
    if (this.ahead) slot.prepareAhead(this.ahead);
  }

  /**
   * Have the spare prepare `problem` ({dataUrl, dataSha256}) beside the one shown, once it
   * is ready and before any learner code ran in it, so that a swap to that problem (the
   * Next link a solving run shows) finds its tests prepared. Every later spare is asked too,
   * until the page moves on. A run meanwhile is served as before: the worker puts the shown
   * problem's interpreter back as its warm-up left it (Session.resume).
   */
  prepareAhead(problem) {
    this.ahead = problem;
    if (this.spare && this.spare.booted) this.spare.prepareAhead(problem);
  }

  /**
   * Serve another problem of the site (the page swapped it in place, page_swap.mjs).
   * Everything of the old problem goes: its used worker, its jobs (answered as stopped). A
   * spare that has booted and run no learner code opens the new problem's session beside
   * the old one, as `check` runs several problems in one interpreter (evaluate_jobs), so only
   * the tests are prepared again. A spare still loading goes on loading and then prepares the
   * new problem: after a solving run, Next clicked at once waits for the rest
   * of that boot, not for a whole new one (issue 33).
   * `startWorker` starts workers for the new problem; `problem`: {dataUrl, dataSha256}.
   */
  switchProblem(startWorker, problem) {
    this.startWorker = startWorker;
    const pending = this.jobs.take();
    if (pending && pending.slot !== this.spare) this.drop(pending.slot);
    this.jobs.stopAll(pending, "crash", SWITCHED);
    this.drop(this.used);
    this.ahead = null;
    this.everReady = false;   // the learner waits for this problem's tests: say each step
    this.restartReason = null;
    if (this.startFailed) {
      this.emit("status", "error", this.startFailed);   // the new page says so too
      return;
    }
    const slot = this.spare;
    if (slot && slot.booted) { this.prepare(slot, problem); return; }
    if (slot) slot.nextProblem = problem;
    else this.attach(this.startWorker());
    this.showLoading();
  }

  // The spare, which has run no learner code, prepares `problem`'s tests.
  prepare(slot, problem) {
    slot.nextProblem = null;
    slot.openProblem(problem);
    this.emit("spare", false);
    this.loadingText = NEW_PROBLEM_STEP;
    this.showLoading();
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
      if (this.startFailed) { resolve(this.jobs.stopped(job.kind, "startup_failure", this.startFailed)); return; }
      this.jobs.waiting.push({ ...job, resolve });
      this.startNext();
      if (this.jobs.waiting.length && !this.jobs.pending) this.showLoading();
    });
  }

  // The next job, to the worker it may go to. A run takes the spare (and the used worker
  // is terminated: nothing it does can reach this verdict); a snippet or plot takes the
  // used worker once it is idle, or the spare if no worker has been used yet.
  startNext() {
    if (this.jobs.pending || this.startFailed || !this.jobs.waiting.length) return;
    const { kind } = this.jobs.waiting[0];
    let slot;
    if (kind === "run") {
      if (!this.spare || !this.spare.idle) { this.provideSpare(); return; }
      slot = this.takeSpare();
    } else if (this.used) {
      if (!this.used.idle) return;   // still settling after its last job; a busy one is dropped by its timer
      slot = this.used;
    } else {
      if (!this.spare || !this.spare.idle) { this.provideSpare(); return; }
      slot = this.takeSpare();
    }
    const message = this.jobs.begin(slot, this.timeLimit, () => timedOut(this));
    this.emit("status", "running", runningText(kind));
    this.emit("running", kind);
    slot.give(message);
    if (kind !== "run") this.provideSpare();
  }

  // The spare becomes the used worker; the one used before is terminated.
  takeSpare() {
    const slot = this.spare;
    this.drop(this.used);
    this.spare = null;
    this.used = slot;
    this.emit("spare", false);
    return slot;
  }

  // Start a spare if there is none and one may start: not while a run is in flight (its
  // CPU comes first: the spare boots after the result) and, with one worker allowed, only
  // when a run is waiting and the used worker is not busy (it is then terminated).
  provideSpare() {
    if (this.spare || this.startFailed || this.retry.waiting) return;
    if (this.jobs.pending && this.jobs.pending.kind === "run") return;
    if (this.used && this.maxWorkers < 2) {
      if (this.jobs.pending || !this.jobs.runWaits) return;
      this.drop(this.used);
    }
    this.attach(this.startWorker());
    if (!this.jobs.pending) this.showLoading();
  }

  drop(slot) {
    if (!slot) return;
    slot.terminate();
    if (slot === this.used) this.used = null;
    if (slot === this.spare) {
      this.spare = null;
      this.emit("spare", false);
    }
  }

  // A boot that failed for a reason that may pass (the network; runtime_boot.mjs): say why,
  // answer the jobs that wait for it, and start another spare when the network is back.
  bootFailed(slot, why) {
    if (slot !== this.spare) return;
    this.drop(slot);
    const text = retryText(why, this.retry.schedule(() => this.provideSpare()));
    this.emit("status", "error", text);
    this.jobs.stopAll(null, "startup_failure", text);
  }

  // A spare that fails to start would fail again: don't loop, answer everything.
  failedToStart(message) {
    this.startFailed = startFailure(message);
    this.drop(this.spare);
    this.drop(this.used);
    const pending = this.jobs.take();
    this.emit("status", "error", this.startFailed);
    this.jobs.stopAll(pending, "startup_failure", this.startFailed);
  }
}
