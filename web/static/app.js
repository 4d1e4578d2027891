// The problem page: editor, runtime worker, results, saved code, hints, and the
// `window.exercise` API that embedding pages and tests use. Bundled with the editor.
import { createEditor } from "../editor/editor.js";
import { isRunResult, isSolved, stopResult } from "./verdict.mjs";
import { setUpOffline } from "./offline.js";

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
  $("run").disabled = state === "running";
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
    this.queue = [];          // [{code, resolve}] waiting for the runtime
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
    else if (message.type === "result") this.finished(message.id, message.result);
    else if (message.type === "idle") this.becameIdle(message.id);
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

  becameIdle(id) {
    if (this.pending || id !== this.lastRunId && id !== 0) return;
    clearTimeout(this.busyTimer);
    this.idle = true;
    if (!this.queue.length) setStatus("ready", this.notice || "Ready");
    this.notice = null;
    this.startNext();
  }

  run(code) {
    // Lone surrogates cannot cross into Python as UTF-8; they become U+FFFD, never more.
    const text = typeof code.toWellFormed === "function" ? code.toWellFormed() : code;
    return new Promise((resolve) => {
      if (this.startFailed) { resolve(stoppedResult("startup_failure", this.startFailed)); return; }
      this.queue.push({ code: text, resolve });
      if (!this.ready) this.loading($("status").textContent.replace(/ — .*/, "").replace(/^.*Restarting: /, ""));
      this.startNext();
    });
  }

  startNext() {
    if (!this.ready || !this.idle || this.pending || !this.queue.length) return;
    const { code, resolve } = this.queue.shift();
    const id = this.nextId++;
    this.idle = false;
    const timer = setTimeout(() => this.timedOut(), config.timeLimit * 1000);
    this.pending = { id, resolve, timer, started: performance.now() };
    setStatus("running", "Running tests…");
    showRunning();
    this.worker.postMessage({ type: "run", id, code });
  }

  finished(id, result) {
    if (!this.pending || this.pending.id !== id || !isRunResult(result)) return;
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
    const { resolve } = this.pending;
    this.pending = null;
    this.restart({ state: "timeout", text: `Stopped after ${config.timeLimit} s: your code may loop forever.` });
    resolve(stoppedResult("timeout", `Stopped after ${config.timeLimit} s: the run did not finish. ` +
      "Look for a loop that never ends (a while loop whose condition never changes)."));
  }

  fatal(id, message) {
    if (!this.ready && !this.pending) {   // failing to start would fail again: don't loop
      this.startFailed = `Could not start Python: ${message}. Reload the page to try again.`;
      setStatus("error", this.startFailed);
      for (const { resolve } of this.queue.splice(0)) resolve(stoppedResult("startup_failure", this.startFailed));
      return;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) clearTimeout(pending.timer);
    this.restart({ state: "error", text: `Python stopped (${message}).` });
    if (pending) pending.resolve(stoppedResult("crash", `The Python runtime crashed: ${message}. ` +
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
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;   // learner output is text, never HTML
  return node;
}

function showRunning() {
  const summary = $("summary");
  summary.textContent = "Running…";
  delete summary.dataset.passed;
  delete summary.dataset.total;
  $("results").classList.add("stale");
}

function showResult(result) {
  const summary = $("summary");
  summary.dataset.passed = result.passed;
  summary.dataset.total = result.total;
  summary.dataset.solved = String(isSolved(result, config.expected));
  summary.className = summary.dataset.solved === "true" ? "summary all-passed" : "summary";
  const others = result.rows.length - result.total;
  summary.textContent = result.timedOut ? `Timed out: 0/${result.total} passed`
    : `${result.passed}/${result.total} passed` + (others ? ` (${others} skipped or expected to fail)` : "")
      + ` · ${Math.round(result.duration_ms)} ms`;

  const notice = $("notice");
  notice.textContent = result.stop ? noticeText(result.stop) : "";
  notice.hidden = !notice.textContent;
  if (result.stop) notice.dataset.kind = result.stop.kind; else delete notice.dataset.kind;

  showDiagnosis(result.diagnosis);

  const list = $("results");
  list.classList.remove("stale");
  list.replaceChildren(...result.rows.map(resultRow));
  markFresh(true);

  const printed = [result.stdout || "", ...result.rows.filter((row) => row.stdout)
    .map((row) => `--- ${row.name}\n${row.stdout}`)].filter(Boolean).join("\n");
  const stdout = $("stdout");
  stdout.textContent = printed.length > MAX_STDOUT_SHOWN
    ? printed.slice(0, MAX_STDOUT_SHOWN) + `\n… ${printed.length - MAX_STDOUT_SHOWN} more characters not shown` : printed;
  stdout.closest("details").hidden = !printed;
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
  const where = (stop.traceback || []).join("\n");
  if (stop.kind === "timeout" || stop.kind === "startup_failure" || stop.kind === "crash") return stop.message;
  return `${STOP_TITLES[stop.kind] || "The run stopped"}: ${stop.message}${where ? "\n" + where : ""}`;
}

function resultRow(row) {
  const item = element("li", `result ${row.outcome}`);
  item.dataset.testid = "result";
  item.dataset.name = row.name;
  item.dataset.id = row.id;
  item.dataset.outcome = row.outcome;
  const mark = { passed: "✓", failed: "✗", error: "!", skipped: "–", xfailed: "x", xpassed: "!" }[row.outcome] || "?";
  item.append(element("span", "mark", mark), element("span", "name", row.name));
  if (row.outcome !== "passed") {
    const detail = [row.message, ...(row.traceback || [])].filter(Boolean).join("\n");
    if (detail) item.append(element("pre", "message", detail));
  }
  return item;
}

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

// ---------------------------------------------------------------- solved mark, hints
function markSolved(result) {
  if (isSolved(result, config.expected)) store.set("solved", "1");
  $("solved").hidden = store.get("solved") !== "1";
}

function setUpHints() {
  const hints = [...document.querySelectorAll("[data-hint]")];
  const button = $("hint");
  if (!button) return;
  let shown = Math.min(Number(store.get("hints") || 0), hints.length);
  const update = () => {
    hints.forEach((hint, index) => { hint.hidden = index >= shown; });
    button.hidden = shown >= hints.length;
    button.textContent = shown ? "Show the next hint" : "Show a hint";
  };
  button.addEventListener("click", () => { shown += 1; store.set("hints", String(shown)); update(); });
  update();
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

  const runtime = new Runtime(window.__runtimeWorker);
  async function runTests() {
    saving.save();
    const code = editor.getCode();
    const result = await runtime.run(code);
    showResult(result);
    markFresh(editor.getCode() === code);
    markSolved(result);
    return result;
  }

  $("run").addEventListener("click", () => runTests());
  $("reset").addEventListener("click", () => {
    if (!confirm("Replace your code with the starter? Your current code will be lost.")) return;
    editor.setCode(config.starter);
    saving.save();
  });
  setUpHints();
  setUpSolution();
  $("solved").hidden = store.get("solved") !== "1";

  window.exercise = {
    getCode: () => editor.getCode(),
    setCode: (text) => { editor.setCode(String(text)); saving.save(); },
    runTests,
  };
  setUpOffline(config);
}

main();
