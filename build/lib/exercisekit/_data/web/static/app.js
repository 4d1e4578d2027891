// The problem page: editor, runtime worker, results, saved code, hints, and the
// `window.exercise` API that embedding pages and tests use. Bundled with the editor.
import { createEditor } from "../editor/editor.js";
import { isRunResult, isSweepResult, isTryResult } from "./contract.mjs";
import { isSolved, stopResult } from "./verdict.mjs";
import { setUpOffline } from "./offline.js";
import { connectLms } from "./lms.mjs";
import { connectEmbed } from "./embed.mjs";

// How the answer to each kind of job is checked before it is believed.
const VALID = { run: isRunResult, try: isTryResult, sweeps: isSweepResult };

const config = JSON.parse(document.getElementById("exercise-config").textContent);
const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const storageKey = (what) => `exercise:${config.slug}:${what}`;
const MAX_STDOUT_SHOWN = 30000;  // a backstop: the runner already cuts at 20,000

// ---------------------------------------------------------------- storage
// localStorage may be unavailable (privacy modes) or full; the page works without it and
// says so when the learner's code could not be saved.
const store = {
  get(what) { try { return localStorage.getItem(storageKey(what)); } catch { return null; } },
  set(what, value) {
    try { localStorage.setItem(storageKey(what), value); return true; } catch { return false; }
  },
  remove(what) { try { localStorage.removeItem(storageKey(what)); } catch { /* nothing */ } },
};

// ---------------------------------------------------------------- status line
function setStatus(state, text) {
  const element = $("status");
  element.dataset.state = state;
  element.textContent = text;
  // Not `disabled`: disabling the focused button would drop keyboard focus to <body>.
  $("run").setAttribute("aria-disabled", String(state === "running"));
}

function stoppedResult(kind, message) {
  return stopResult(kind, message, config.expected);
}

// ---------------------------------------------------------------- runtime
// One worker at a time, one run at a time. Runs wait in a queue; each caller gets the
// result of the code it passed. A run past the time limit terminates the worker and a
// fresh one starts; so does a run that left Python tainted or kept it busy afterwards.
class Runtime {
  constructor(worker) {
    this.ready = false;       // Python has started and finished the warm-up
    this.idle = false;        // ...and nothing is running in it
    this.pending = null;      // {id, code, resolve, timer, started} of the run in flight
    this.queue = [];          // [{kind, code, snippet, resolve}] waiting for the runtime
    this.nextId = 1;
    this.busyTimer = null;
    this.startFailed = false;
    this.attach(worker || this.spawn());
  }

  spawn() {
    const worker = new Worker(config.workerUrl);
    worker.postMessage({ type: "init", config: window.__runtimeConfig });
    return worker;
  }

  attach(worker) {
    this.worker = worker;
    this.ready = false;
    this.idle = false;
    worker.onmessage = (event) => this.receive(worker, event.data);
    worker.onerror = (event) => { if (worker === this.worker) this.fatal(null, event.message || "the Python runtime stopped"); };
    // Messages sent by the worker before this page script ran were buffered for us.
    for (const message of window.__runtimeMessages || []) this.receive(worker, message);
    window.__runtimeMessages = null;
  }

  receive(worker, message) {
    if (worker !== this.worker || !message || typeof message !== "object") return;  // a terminated worker's last words
    if (message.type === "status") this.loading(String(message.text));
    else if (message.type === "ready") this.becameReady();
    else if (message.type === "result") this.finished(message.id, message.result, "run");
    else if (message.type === "tried") this.finished(message.id, message.result, "try");
    else if (message.type === "swept") this.finished(message.id, message.result, "sweeps");
    else if (message.type === "idle") this.becameIdle(message.id, message.tainted === true);
    else if (message.type === "fatal") this.fatal(message.id, String(message.message));
  }

  // While a fresh runtime loads after a timeout or crash, the status keeps saying why.
  loading(text) {
    const waiting = this.queue.length ? " — your run starts when Python is ready" : "";
    if (this.restartReason) setStatus(this.restartReason.state, `${this.restartReason.text} Restarting: ${text}${waiting}`);
    else setStatus("loading", text + waiting);
  }

  becameReady() {
    this.ready = true;
    this.restartReason = null;
    setStatus("ready", "Ready");
  }

  becameIdle(id, tainted) {
    if (this.pending || id !== this.lastRunId && id !== 0) return;
    clearTimeout(this.busyTimer);
    if (tainted) {   // the last run's changes could not be undone: the next run needs a fresh Python
      this.restart({ state: "loading", text: "Your code changed Python's own state;" });
      return;
    }
    this.idle = true;
    if (!this.queue.length) setStatus("ready", this.notice || "Ready");
    this.notice = null;
    this.startNext();
  }

  run(code) { return this.submit({ kind: "run", code }); }

  /** Run `snippet` against `code` without the tests: {value, stdout, error, traceback, line}. */
  try(code, snippet) { return this.submit({ kind: "try", code, snippet }); }

  /** The learner's curves on the problem's sweeps (for the plots): {curves, error, ...}. */
  sweeps(code) { return this.submit({ kind: "sweeps", code }); }

  submit(job) {
    // Lone surrogates cannot cross into Python as UTF-8; they become U+FFFD, never more.
    const wellFormed = (text) => typeof text.toWellFormed === "function" ? text.toWellFormed() : text;
    job.code = wellFormed(job.code);
    if (job.snippet !== undefined) job.snippet = wellFormed(job.snippet);
    return new Promise((resolve) => {
      if (this.startFailed) { resolve(this.stopped(job.kind, "startup_failure", this.startFailed)); return; }
      this.queue.push({ ...job, resolve });
      if (!this.ready) this.loading($("status").textContent.replace(/ — .*/, "").replace(/^.*Restarting: /, ""));
      this.startNext();
    });
  }

  startNext() {
    if (!this.ready || !this.idle || this.pending || !this.queue.length) return;
    const { kind, code, snippet, resolve } = this.queue.shift();
    const id = this.nextId++;
    this.idle = false;
    const timer = setTimeout(() => this.timedOut(), config.timeLimit * 1000);
    this.pending = { id, kind, resolve, timer, started: performance.now() };
    if (kind === "try") {
      setStatus("running", "Running your snippet…");
      this.worker.postMessage({ type: "try", id, code, snippet });
      return;
    }
    if (kind === "sweeps") {
      setStatus("running", "Plotting your function…");
      this.worker.postMessage({ type: "sweeps", id, code });
      return;
    }
    setStatus("running", "Running tests…");
    showRunning();
    this.worker.postMessage({ type: "run", id, code });
  }

  // A job that never reported: a run gets every expected row "not run", a try its reason.
  stopped(kind, stopKind, message) {
    if (kind === "sweeps") return { curves: [], error: message, traceback: [], line: null, stdout: "",
                                    timedOut: stopKind === "timeout" };
    if (kind !== "try") return stoppedResult(stopKind, message);
    return { value: null, stdout: "", error: message, traceback: [], line: null, timedOut: stopKind === "timeout" };
  }

  finished(id, result, kind) {
    if (!this.pending || this.pending.id !== id || this.pending.kind !== kind) return;
    if (!VALID[kind](result)) return;
    const { resolve, timer, started } = this.pending;
    clearTimeout(timer);
    this.pending = null;
    this.lastRunId = id;
    result.timedOut = false;
    result.wall_ms = performance.now() - started;
    setStatus("ready", "Ready");
    resolve(result);
    if (result.tainted) {
      this.restart({ state: "loading", text: "Your code changed Python's own state;" });
      return;
    }
    // Code the learner scheduled to run later (js.setTimeout) must not hold the worker.
    this.busyTimer = setTimeout(() => {
      this.notice = null;
      this.restart({ state: "error", text: "Your code kept Python busy after the tests finished " +
                                            "(a callback that never returns?)." });
    }, config.timeLimit * 1000);
  }

  timedOut() {
    const { resolve, kind } = this.pending;
    this.pending = null;
    this.restart({ state: "timeout", text: `Stopped after ${config.timeLimit} s: your code may loop forever.` });
    resolve(this.stopped(kind, "timeout", `Stopped after ${config.timeLimit} s: the run did not finish. ` +
      "Look for a loop that never ends (a while loop whose condition never changes)."));
  }

  fatal(id, message) {
    if (!this.ready && !this.pending) {   // failing to start would fail again: don't loop
      this.startFailed = `Could not start Python: ${message}. Reload the page to try again.`;
      setStatus("error", this.startFailed);
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
    this.attach(this.spawn());
    this.loading("Loading Python…");
  }
}

// ---------------------------------------------------------------- results
const LONG_OUTPUT_LINES = 6;     // printed output longer than this starts collapsed
const LONG_OUTPUT_CHARS = 400;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;   // learner output is text, never HTML
  return node;
}

// Set by main(): moves the editor's cursor to a line of the learner's code.
let goToLine = () => {};

/** A traceback line ("line 4, in f: return 1 / 0") with its "line 4" as a link into the editor. */
function tracebackLine(text) {
  const match = /^line (\d+)/.exec(text);
  const line = element("span", "tb-line");
  if (!match) { line.textContent = text; return line; }
  const link = element("a", "line-link", match[0]);
  link.href = `#line-${match[1]}`;
  link.addEventListener("click", (event) => { event.preventDefault(); goToLine(Number(match[1])); });
  line.append(link, document.createTextNode(text.slice(match[0].length)));
  return line;
}

function messageBlock(className, message, traceback) {
  const pre = element("pre", className);
  if (message) pre.append(document.createTextNode(message));
  for (const text of traceback || []) {
    if (pre.childNodes.length) pre.append(document.createTextNode("\n"));
    pre.append(tracebackLine(text));
  }
  return pre;
}

// A box that may scroll must be reachable by keyboard, and then needs a name.
function scrollBox(pre, label) {
  pre.tabIndex = 0;
  pre.setAttribute("role", "region");
  pre.setAttribute("aria-label", label);
  return pre;
}

function printedBlock(text, label) {
  const shown = text.length > MAX_STDOUT_SHOWN
    ? text.slice(0, MAX_STDOUT_SHOWN) + `\n… ${text.length - MAX_STDOUT_SHOWN} more characters not shown` : text;
  const pre = scrollBox(element("pre", "printed", shown), label);
  pre.dataset.testid = "row-stdout";
  const lines = shown.split("\n").length;
  if (lines <= LONG_OUTPUT_LINES && shown.length <= LONG_OUTPUT_CHARS) {
    const box = element("div", "row-output");
    box.append(element("span", "printed-label", "Printed:"), pre);
    return box;
  }
  const details = element("details", "row-output");
  details.append(element("summary", "", `Printed ${lines} line${lines === 1 ? "" : "s"}`), pre);
  return details;
}

function showRunning() {
  const summary = $("summary");
  summary.textContent = "Running…";
  delete summary.dataset.passed;
  delete summary.dataset.total;
  $("results").classList.add("stale");
}

function showResult(result, { restored = null } = {}) {
  const summary = $("summary");
  summary.dataset.passed = result.passed;
  summary.dataset.total = result.total;
  const solved = isSolved(result, config.expected);
  summary.dataset.solved = String(solved);
  summary.className = solved ? "summary all-passed" : "summary";
  const others = result.rows.length - result.total;
  summary.textContent = result.timedOut ? `Timed out: 0/${result.total} passed`
    : `${result.passed}/${result.total} passed` + (others ? ` (${others} skipped or expected to fail)` : "")
      + ` · ${Math.round(result.duration_ms)} ms`;
  document.querySelector(".views-count").textContent = ` ${result.passed}/${result.total}`;

  const note = $("restored-note");
  note.hidden = !restored;
  note.textContent = restored ? `These are the results of your last run (${restored}), of the code saved in this browser.` : "";

  const notice = $("notice");
  notice.replaceChildren();
  if (result.stop) {
    const text = noticeText(result.stop);
    notice.append(messageBlock("", text.message, text.traceback));
    notice.dataset.kind = result.stop.kind;
  } else {
    delete notice.dataset.kind;
  }
  notice.hidden = !result.stop;

  showDiagnosis(result.diagnosis);

  const list = $("results");
  list.classList.remove("stale");
  list.replaceChildren(...result.rows.map(resultRow));
  markFresh(true);

  const stdout = $("stdout");
  stdout.textContent = (result.stdout || "").length > MAX_STDOUT_SHOWN
    ? result.stdout.slice(0, MAX_STDOUT_SHOWN) + `\n… ${result.stdout.length - MAX_STDOUT_SHOWN} more characters not shown`
    : (result.stdout || "");
  scrollBox(stdout, "Printed while loading your code");
  stdout.parentElement.hidden = !stdout.textContent;

  markFailingLines(result);
  $("next").hidden = !solved;
}

const STOP_TITLES = {
  load_error: "Your code could not be loaded",
  collection_error: "The tests could not be collected",
  interrupted: "The test run was stopped",
  crash: "The Python runtime crashed",
  timeout: "Timed out",
  startup_failure: "Python could not start",
};

function noticeText(stop) {
  if (stop.kind === "timeout" || stop.kind === "startup_failure" || stop.kind === "crash") {
    return { message: stop.message, traceback: [] };
  }
  return { message: `${STOP_TITLES[stop.kind] || "The run stopped"}: ${stop.message}`, traceback: stop.traceback };
}

const OUTCOME_WORDS = { passed: "passed", failed: "failed", error: "error", skipped: "skipped",
                        xfailed: "expected failure", xpassed: "unexpectedly passed" };

function resultRow(row) {
  const item = element("li", `result ${row.outcome}`);
  item.dataset.testid = "result";
  item.dataset.name = row.name;
  item.dataset.id = row.id;
  item.dataset.outcome = row.outcome;
  const mark = { passed: "✓", failed: "✗", error: "!", skipped: "–", xfailed: "x", xpassed: "!" }[row.outcome] || "?";
  const symbol = element("span", "mark", mark);
  symbol.setAttribute("aria-hidden", "true");
  item.append(symbol, element("span", "visually-hidden", `${OUTCOME_WORDS[row.outcome] || row.outcome}: `),
              element("span", "name", row.name));
  if (row.outcome !== "passed" && (row.message || (row.traceback || []).length)) {
    item.append(messageBlock("message", row.message, row.traceback));
  }
  if (row.stdout) item.append(printedBlock(row.stdout, `Printed during ${row.name}`));
  return item;
}

/** Failing lines in the editor's gutter, the message on hover: one mark per line. */
function markFailingLines(result) {
  const byLine = new Map();
  const add = (line, text) => {
    if (!Number.isInteger(line)) return;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push(text);
  };
  if (result.stop) add(result.stop.line, `${STOP_TITLES[result.stop.kind] || "The run stopped"}: ${result.stop.message}`);
  for (const row of result.rows) {
    if (row.outcome === "failed" || row.outcome === "error") add(row.line, `${row.name}: ${row.message}`);
  }
  const marks = [];
  for (const [line, texts] of byLine) {
    const more = texts.length > 3 ? `\n… and ${texts.length - 3} more failing tests` : "";
    marks.push({ line, message: texts.slice(0, 3).join("\n") + more });
  }
  editorMarks(marks);
}
let editorMarks = () => {};

// Results describe the code they ran; once the code changes they are marked as earlier code's.
function markFresh(fresh) {
  const note = $("stale-note");
  if (!note) return;
  const shown = $("summary").dataset.total !== undefined;
  note.hidden = fresh || !shown;
  $("results").dataset.stale = String(!fresh && shown);
}

function showDiagnosis(diagnosis) {
  const box = $("diagnosis");
  if (!diagnosis) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.misconception;
    return;
  }
  box.dataset.misconception = diagnosis.name;
  box.replaceChildren(
    element("strong", "", `It looks like you made a known mistake: ${diagnosis.summary}`),
    element("p", "", diagnosis.explanation),
  );
  if (diagnosis.hint) box.append(element("p", "hint", `Hint: ${diagnosis.hint}`));
  box.hidden = false;
}

// The last run's result comes back after a reload, with the code it ran.
function saveLastRun(code, result) {
  store.set("last-run", JSON.stringify({ code, result, at: Date.now() }));
}

function restoreLastRun(currentCode) {
  let saved = null;
  try { saved = JSON.parse(store.get("last-run") || "null"); } catch { return; }
  if (!saved || typeof saved.code !== "string" || !isRunResult(saved.result)) return;
  const when = new Date(Number(saved.at) || 0).toLocaleString();
  showResult(saved.result, { restored: when });
  markFresh(saved.code === currentCode);
}

// ---------------------------------------------------------------- solved mark, hints
function markSolved(result) {
  if (isSolved(result, config.expected)) store.set("solved", "1");
  $("solved").hidden = store.get("solved") !== "1";
}

function setUpHints() {
  const hints = [...document.querySelectorAll("[data-hint]")];
  const button = $("hint");
  if (!button) return { shown: () => 0, hideAll: () => {} };
  let shown = Math.min(Number(store.get("hints") || 0), hints.length);
  const update = () => {
    hints.forEach((hint, index) => { hint.hidden = index >= shown; });
    button.hidden = shown >= hints.length;
    button.textContent = shown ? `Show hint ${shown + 1} of ${hints.length}` : `Show a hint (1 of ${hints.length})`;
  };
  button.addEventListener("click", () => {
    shown = Math.min(shown + 1, hints.length);
    store.set("hints", String(shown));
    update();
    // The button hides with the last hint: keep the keyboard in the hint area, on what it revealed.
    (button.hidden ? hints[shown - 1] : button).focus();
  });
  update();
  return {
    shown: () => shown,
    hideAll: () => { shown = 0; store.set("hints", "0"); update(); },
  };
}

function setUpSolution() {
  const button = $("show-solution");
  if (!button) return;
  button.addEventListener("click", async () => {
    if (!confirm("Show the reference solution? Trying a little longer teaches more.")) return;
    const data = await (await fetch(window.__runtimeConfig.dataUrl)).json();
    const pre = $("solution");
    pre.textContent = data.solution;
    pre.hidden = false;
    button.hidden = true;
  });
}

// ---------------------------------------------------------------- try it
function setUpTry(editor, runtime) {
  const snippet = document.querySelector("[data-testid=try-snippet]");
  const output = $("try-output");
  const saved = store.get("try");
  if (saved !== null) snippet.value = saved;
  snippet.addEventListener("input", () => store.set("try", snippet.value));
  async function tryIt() {
    output.hidden = false;
    output.textContent = "Running…";
    output.dataset.state = "running";
    const answer = await runtime.try(editor.getCode(), snippet.value);
    output.replaceChildren();
    if (answer.stdout) output.append(element("span", "try-printed", answer.stdout.replace(/\n?$/, "\n")));
    if (answer.error) {
      output.append(messageBlock("try-error", answer.error, answer.traceback));
      output.dataset.state = "error";
    } else {
      output.append(element("span", "try-value", answer.value === null ? "(no value: end with an expression)" : answer.value));
      output.dataset.state = "done";
    }
    return answer;
  }
  $("try-run").addEventListener("click", () => tryIt());
  snippet.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.shiftKey) { event.preventDefault(); tryIt(); }
  });
  scrollBox(output, "Snippet output");
  return tryIt;
}

// ---------------------------------------------------------------- plots
/** The text alternative of a plot: what it shows and where the curves part. */
export function plotText(sweep, curve) {
  const name = sweep.x_label;
  const num = (x) => String(Number(Number(x).toPrecision(3)));
  const at = (x) => `${name} = ${num(x)}`;
  const histogram = sweep.kind === "histogram";
  const range = `${name} from ${num(sweep.xs[0])} to ${num(sweep.xs[sweep.xs.length - 1])}`;
  const parts = [histogram ? `Histogram of your samples against the target density, ${range}.`
                           : `Your code against the reference, ${range}.`];
  if (curve.errors.length) {
    const first = curve.errors[0];
    const more = curve.errors.length > 1 ? ` (and at ${curve.errors.length - 1} more points)` : "";
    parts.push(`Your code raises${first.x === null ? "" : ` at ${at(first.x)}`}: ${first.message}${more}.`);
  }
  const odd = curve.ys.map((y, index) => [y, index]).filter(([y]) => typeof y === "string");
  if (odd.length) {
    const more = odd.length > 1 ? ` and at ${odd.length - 1} more points` : "";
    parts.push(`Your code returns ${odd[0][0]} at ${at(sweep.xs[odd[0][1]])}${more}: not drawn.`);
  }
  if (curve.parts_at.length) {
    const apart = new Set(curve.parts_at);
    const agree = sweep.xs.filter((x) => !apart.has(x));
    const count = `${curve.parts_at.length} of ${sweep.xs.length} points`;
    if (!agree.length) parts.push(`The curves differ everywhere (${count}).`);
    else if (curve.parts_at[0] > sweep.xs[0]) {
      const before = sweep.xs[sweep.xs.indexOf(curve.parts_at[0]) - 1];
      parts.push(`The curves agree up to ${at(before)} and part at ${at(curve.parts_at[0])} (they differ at ${count}).`);
    } else {
      parts.push(`The curves differ at ${count}; they agree only for ${name} from ${num(agree[0])} to ` +
                 `${num(agree[agree.length - 1])}.`);
    }
  } else if (!curve.errors.length && !odd.length) {
    parts.push(histogram ? "Your samples follow the reference's." : "Your curve lies on the reference's.");
  }
  return parts.join(" ");
}

function setUpPlots(editor, runtime) {
  const panel = $("plots");
  if (!panel) return async () => null;
  const list = $("plot-list");
  let plotting = null;   // the plot module, once loaded
  let charts = [];
  const load = () => {
    if (!plotting) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(config.plotCss, location.href).href;
      document.head.append(link);
      plotting = import(new URL(config.plotUrl, location.href).href);
    }
    return plotting;
  };
  async function plot() {
    list.dataset.state = "running";
    const [answer, { drawSweep }] = await Promise.all([runtime.sweeps(editor.getCode()), load()]);
    for (const chart of charts) chart.destroy();
    charts = [];
    list.replaceChildren();
    if (answer.error) {
      list.append(messageBlock("plot-error", answer.error, answer.traceback || []));
      list.dataset.state = "error";
      return answer;
    }
    for (const sweep of config.sweeps) {
      const curve = answer.curves.find((found) => found.name === sweep.name);
      if (!curve) continue;
      const figure = element("figure", "plot");
      figure.dataset.testid = "plot";
      figure.dataset.sweep = sweep.name;
      const chart = element("div", "plot-chart");
      chart.setAttribute("aria-hidden", "true");   // the text below says what it shows
      const alt = element("p", "plot-alt", plotText(sweep, curve));
      alt.dataset.testid = "plot-alt";
      figure.append(element("figcaption", "plot-title", sweep.title), chart, alt);
      list.append(figure);
      charts.push(drawSweep(chart, sweep, curve));
    }
    list.dataset.state = "done";
    return answer;
  }
  $("plot-run").addEventListener("click", () => plot());
  // A plot drawn while its view is hidden (on a phone) or in a window that changes size
  // follows the width of its box.
  const fit = new ResizeObserver(() => {
    for (const chart of charts) {
      const width = chart.root.parentElement.clientWidth;
      if (width && width !== chart.width) chart.setSize({ width: Math.max(240, width), height: 220 });
    }
  });
  fit.observe(list);
  return plot;
}

// ---------------------------------------------------------------- phone views
// Below the breakpoint (style.css) one part of the page shows at a time.
function setUpViews() {
  const main = document.querySelector("main.problem");
  const buttons = [...document.querySelectorAll(".views [data-view]")];
  const show = (view) => {
    main.dataset.view = view;
    for (const button of buttons) {
      if (button.dataset.view === view) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  };
  for (const button of buttons) button.addEventListener("click", () => show(button.dataset.view));
  return show;
}

// A formula or example wider than a phone scrolls in its own box; the keyboard must reach it.
function reachScrollers() {
  for (const box of document.querySelectorAll(".statement .math-display, .statement pre")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.matches("pre") ? "Example, scrolls sideways" : "Formula, scrolls sideways");
    } else if (!scrolls && box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

// ---------------------------------------------------------------- saving the code
// Saved on every pause in typing. Two tabs of one problem would silently overwrite each
// other's code: when the other tab saves different code, saving here stops until the
// learner chooses which code to keep.
function setUpSaving(editor) {
  let saveTimer = null;
  let conflict = null;          // the other tab's code, while the learner has not chosen
  const failed = $("save-error");
  const save = () => {
    clearTimeout(saveTimer);
    if (conflict !== null) return;
    const ok = store.set("code", editor.getCode());
    failed.hidden = ok;
  };
  const banner = $("conflict");
  addEventListener("storage", (event) => {
    if (event.key !== storageKey("code") || event.newValue === null || event.newValue === editor.getCode()) return;
    conflict = event.newValue;
    banner.hidden = false;
  });
  $("conflict-load").addEventListener("click", () => {
    const theirs = conflict;
    conflict = null;
    banner.hidden = true;
    editor.setCode(theirs);
    save();
  });
  $("conflict-keep").addEventListener("click", () => {
    conflict = null;
    banner.hidden = true;
    save();
  });
  addEventListener("pagehide", save);
  addEventListener("beforeunload", save);
  return { save, later: () => { clearTimeout(saveTimer); saveTimer = setTimeout(save, 300); } };
}

// ---------------------------------------------------------------- start
function main() {
  const saved = store.get("code");
  const editorHost = $("editor");
  editorHost.replaceChildren();
  let saving = null;
  const editor = createEditor(editorHost, saved ?? config.starter, {
    onChange: () => { saving.later(); markFresh(false); },
    onRun: () => runTests(),
  });
  saving = setUpSaving(editor);
  const lms = connectLms(config, { getCode: () => editor.getCode(), setCode: (code) => editor.setCode(code) });
  const embed = connectEmbed(config);
  const showView = setUpViews();
  goToLine = (line) => { showView("code"); editor.goToLine(line); };
  editorMarks = (marks) => editor.markLines(marks);

  const runtime = new Runtime(window.__runtimeWorker);
  async function runTests() {
    saving.save();
    const code = editor.getCode();
    const result = await runtime.run(code);
    showResult(result);
    markFresh(editor.getCode() === code);
    markSolved(result);
    if (!result.timedOut && result.stop?.kind !== "crash") saveLastRun(code, result);
    await lms.recordResult(result, code);
    embed.recordResult(result);
    // After a run with failures the plots show where the function departs from the right one.
    if (!result.stop && result.rows.some((row) => row.outcome === "failed" || row.outcome === "error")) {
      lastPlot = plot();
    }
    return result;
  }

  $("run").addEventListener("click", () => {
    if ($("run").getAttribute("aria-disabled") === "true") return;
    runTests();
  });
  const hints = setUpHints();
  $("reset").addEventListener("click", () => {
    if (!confirm("Replace your code with the starter? Your current code will be lost.")) return;
    editor.setCode(config.starter);
    saving.save();
    editor.markLines([]);
    const shown = hints.shown();
    if (shown && confirm(`Also hide the ${shown === 1 ? "hint" : `${shown} hints`} you have shown?`)) hints.hideAll();
  });
  setUpSolution();
  $("solved").hidden = store.get("solved") !== "1";
  const tryIt = setUpTry(editor, runtime);
  const plot = setUpPlots(editor, runtime);
  let lastPlot = Promise.resolve(null);
  restoreLastRun(editor.getCode());
  reachScrollers();
  addEventListener("resize", reachScrollers);

  window.exercise = {
    getCode: () => editor.getCode(),
    setCode: (text) => { editor.setCode(String(text)); saving.save(); },
    runTests,
    // The plots of the last failing run, or of the current code when asked: a Promise of
    // the learner's curves (null for a problem without sweeps).
    plot: (fresh = true) => (fresh ? plot() : lastPlot),
    tryIt: (snippet) => {
      if (snippet !== undefined) document.querySelector("[data-testid=try-snippet]").value = String(snippet);
      return tryIt();
    },
  };
  setUpOffline(config);
  embed.ready();   // after window.exercise: "ready" means usable
}

main();
