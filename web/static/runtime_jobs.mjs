// What the page and a Python worker (web/static/worker.js) say to each other about a job,
// and what a job answers when its worker never reports. runtime_client.mjs decides which
// worker gets which job and when; the message shapes, the checks an answer must pass and
// the learner-facing texts of a stopped job live here, pure, so Node tests them on literal
// inputs (tests/js/runtime_jobs.test.mjs) without a fake worker.
import { isRunResult, isSweepResult, isTryResult } from "./contract.mjs";

// How the answer to each kind of job is checked before it is believed.
const VALID = { run: isRunResult, try: isTryResult, sweeps: isSweepResult };
// The worker's answer message for each kind of job.
const ANSWER = { result: "run", tried: "try", swept: "sweeps" };
const RUNNING_TEXT = { run: "Running tests…", try: "Running your snippet…", sweeps: "Plotting your function…" };

/** Why a used worker was stopped when code kept it busy after its job ({state, text}). */
export const BUSY = { state: "error", text: "Your code kept Python busy after it finished (a callback that never returns?); " +
                                            "that Python was stopped." };
/** What the jobs of a problem the learner left answer. */
export const SWITCHED = "You went to another problem before this job finished.";

/** The kind of job ("run", "try", "sweeps") a worker message of `type` answers, or null. */
export function answerKind(type) {
  return type in ANSWER ? ANSWER[type] : null;
}

/** Whether `result` has the shape an answer to a `kind` job must have (contract.mjs). */
export function isAnswer(kind, result) {
  return VALID[kind](result);
}

/** What the status line says while a `kind` job runs. */
export function runningText(kind) {
  return RUNNING_TEXT[kind];
}

/** Whether a run is among `waiting` ([{kind}]): the learner then waits for a fresh worker. */
export function runWaits(waiting) {
  return waiting.some((job) => job.kind === "run");
}

/** The message that gives a worker job `id`; only a snippet ("try") carries `snippet`. */
export function jobMessage(kind, id, code, snippet) {
  return { run: { type: "run", id, code }, try: { type: "try", id, code, snippet },
           sweeps: { type: "sweeps", id, code } }[kind];
}

/** A job's id: random, so no code in a worker can guess the id of a job it was not given
 *  (worker.js lets no learner code see the jobs it is given). Never 0: that is the warm-up's. */
export function freshId() {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return (high & 0x1fffff) * 2 ** 32 + low + 1;
}

/** `text` safe to send: lone surrogates cannot cross into Python as UTF-8; they become U+FFFD, never more. */
export function wellFormed(text) {
  return typeof text.toWellFormed === "function" ? text.toWellFormed() : text;
}

/** The answer of a `kind` job that never reported (`stopKind`: "timeout", "crash" or
 *  "startup_failure"): a snippet or a plot says `message`; a run is `stoppedRun`'s
 *  (stopKind, message), every expected row "not run" (verdict.mjs stopResult). */
export function stoppedAnswer(kind, stopKind, message, stoppedRun) {
  const timedOut = stopKind === "timeout";
  if (kind === "sweeps") return { curves: [], error: message, traceback: [], line: null, stdout: "", timedOut };
  if (kind !== "try") return stoppedRun(stopKind, message);
  return { value: null, stdout: "", error: message, traceback: [], line: null, timedOut };
}

/** A job past `limit` seconds: why its worker went ({state, text}) and what the job answers. */
export function timeoutStop(limit) {
  return { reason: { state: "timeout", text: `Stopped after ${limit} s: your code may loop forever.` },
           answer: `Stopped after ${limit} s: the run did not finish. ` +
                   "Look for a loop that never ends (a while loop whose condition never changes)." };
}

// Emscripten's words when the program itself ended: code called os._exit (sys.exit is
// caught as an exception and named by the runtime before it gets this far).
const ENDED = /^Program terminated with exit\((-?\d+)\)/;

/** A worker that failed with `message`: why it went ({state, text}) and what its job answers. */
export function crashStop(message) {
  const ended = ENDED.exec(message);
  const why = ended
    ? `Your code ended the Python process (os._exit(${ended[1]}) or the like): code must return, never end Python. ` +
      "The runtime has been restarted."
    : "Very deep recursion or using up memory can do this; the runtime has been restarted.";
  return { reason: { state: "error", text: `Python stopped (${message}).` },
           answer: `The Python runtime crashed: ${message}. ${why}` };
}

/** What every job answers, and the status says, once a Python could not start (`message`). */
export function startFailure(message) {
  return `Could not start Python: ${message}. Reload the page to try again.`;
}

/**
 * A client's jobs: those waiting for a worker, in the order they were asked for, and the
 * one in flight (at most one), which knows its id, the worker slot it went to and the timer
 * of its time limit. Which worker a job may go to is the client's call, not this queue's.
 * `stoppedRun(stopKind, message)`: the answer of a run that never reported.
 */
export class JobQueue {
  constructor(stoppedRun) {
    this.stoppedRun = stoppedRun;
    this.waiting = [];     // [{kind, code, snippet, resolve}]
    this.pending = null;   // {id, kind, resolve, timer, slot}
    this.newId = freshId;
  }

  /** Whether a run waits for a worker. */
  get runWaits() { return runWaits(this.waiting); }

  /** The first waiting job goes in flight on `slot`, `onTimeout` called after `seconds`;
   *  returns the message that gives it to the worker. */
  begin(slot, seconds, onTimeout) {
    const { kind, code, snippet, resolve } = this.waiting.shift();
    const id = this.newId();
    const timer = setTimeout(onTimeout, seconds * 1000);
    this.pending = { id, kind, resolve, timer, slot };
    return jobMessage(kind, id, code, snippet);
  }

  /** The job in flight (only if it went to `slot`, when given), out of flight and its timer
   *  stopped; null if there is none. */
  take(slot = null) {
    const job = this.pending;
    if (!job || (slot && job.slot !== slot)) return null;
    clearTimeout(job.timer);
    this.pending = null;
    return job;
  }

  /** The job in flight, taken as `take` does, if `result` is its answer: from its worker,
   *  for its id and kind, in that kind's shape. Else null: nothing else is believed. */
  answered(slot, id, kind, result) {
    const job = this.pending;
    if (!job || job.slot !== slot || job.id !== id || job.kind !== kind || !isAnswer(kind, result)) return null;
    return this.take();
  }

  /** A job that never reported answers as stopped (stoppedAnswer). */
  stopped(kind, stopKind, message) { return stoppedAnswer(kind, stopKind, message, this.stoppedRun); }

  /** Answer `taken` (a job taken out of flight, or null) and every waiting job as stopped. */
  stopAll(taken, stopKind, message) {
    for (const { kind, resolve } of [taken, ...this.waiting.splice(0)].filter(Boolean)) {
      resolve(this.stopped(kind, stopKind, message));
    }
  }
}
