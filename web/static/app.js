// The problem page: editor, runtime worker, results, saved code, hints, and the
// `window.exercise` API that embedding pages and tests use. Bundled with the editor.
import { createEditor } from "../editor/editor.js";

const config = JSON.parse(document.getElementById("exercise-config").textContent);
const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const storageKey = (what) => `exercise:${config.slug}:${what}`;
const MAX_STDOUT_SHOWN = 30000;  // a backstop: the runner already cuts at 20,000

// ---------------------------------------------------------------- storage
// localStorage may be unavailable (privacy modes); the page must work without it.
const store = {
  get(what) { try { return localStorage.getItem(storageKey(what)); } catch { return null; } },
  set(what, value) { try { localStorage.setItem(storageKey(what), value); } catch { /* not saved */ } },
  remove(what) { try { localStorage.removeItem(storageKey(what)); } catch { /* nothing */ } },
};

// ---------------------------------------------------------------- status line
function setStatus(state, text) {
  const element = $("status");
  element.dataset.state = state;
  element.textContent = text;
  $("run").disabled = state === "running";
}

// ---------------------------------------------------------------- runtime
// One worker at a time. A run past the time limit terminates it and a fresh one starts.
class Runtime {
  constructor(worker) {
    this.ready = false;
    this.pending = null;      // {id, resolve, timer} of the run in flight
    this.queued = null;       // code waiting for the runtime to be ready
    this.nextId = 1;
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
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => this.crashed(event.message || "the Python runtime stopped");
    // Messages sent by the worker before this page script ran were buffered for us.
    for (const message of window.__runtimeMessages || []) this.receive(message);
    window.__runtimeMessages = null;
  }

  receive(message) {
    if (message.type === "status") this.loading(message.text);
    else if (message.type === "ready") this.becameReady();
    else if (message.type === "result") this.finished(message.id, message.result);
    else if (message.type === "fatal") this.crashed(message.message);
  }

  // While a fresh runtime loads after a timeout or crash, the status keeps saying why.
  loading(text) {
    if (this.restartReason) setStatus(this.restartReason.state, `${this.restartReason.text} Restarting: ${text}`);
    else setStatus("loading", text);
  }

  becameReady() {
    this.ready = true;
    this.restartReason = null;
    setStatus("ready", "Ready");
    if (this.queued) {
      const { code, resolve } = this.queued;
      this.queued = null;
      this.start(code, resolve);
    }
  }

  run(code) {
    return new Promise((resolve) => {
      if (this.pending) {            // one run at a time: the caller gets that run's result
        const previous = this.pending.resolve;
        this.pending.resolve = (result) => { previous(result); resolve(result); };
      } else if (!this.ready) {
        this.queued = { code, resolve };
        setStatus("loading", `${$("status").textContent.replace(/ — .*/, "")} — your run starts when Python is ready`);
      } else {
        this.start(code, resolve);
      }
    });
  }

  start(code, resolve) {
    const id = this.nextId++;
    const limit = config.timeLimit * 1000;
    const timer = setTimeout(() => this.timedOut(), limit);
    this.pending = { id, resolve, timer, started: performance.now() };
    setStatus("running", "Running tests…");
    showRunning();
    this.worker.postMessage({ type: "run", id, code });
  }

  finished(id, result) {
    if (!this.pending || this.pending.id !== id) return;
    const { resolve, timer, started } = this.pending;
    clearTimeout(timer);
    this.pending = null;
    result.timedOut = false;
    result.wall_ms = performance.now() - started;
    setStatus("ready", "Ready");
    resolve(result);
  }

  timedOut() {
    const { resolve } = this.pending;
    this.pending = null;
    this.restart({ state: "timeout", text: `Stopped after ${config.timeLimit} s: your code may loop forever.` });
    resolve(stoppedResult(`Stopped after ${config.timeLimit} s: the run did not finish. ` +
      "Look for a loop that never ends (a while loop whose condition never changes).", true));
  }

  crashed(message) {
    if (!this.ready && !this.pending) {   // failing to start would fail again: don't loop
      setStatus("error", `Could not start Python: ${message}. Reload the page to try again.`);
      if (this.queued) this.queued.resolve(stoppedResult(`Could not start Python: ${message}`, false));
      this.queued = null;
      return;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) clearTimeout(pending.timer);
    this.restart({ state: "error", text: `Python stopped (${message}).` });
    if (pending) pending.resolve(stoppedResult(`The Python runtime crashed: ${message}. ` +
      "Very deep recursion can do this; the runtime has been restarted.", false));
  }

  restart(reason) {
    this.worker.terminate();
    this.restartReason = reason;
    this.attach(this.spawn());
    this.loading("Loading Python…");
  }
}

function stoppedResult(message, timedOut) {
  const tests = config.testNames.map((name) => ({ name, outcome: "error", message: "did not finish", traceback: [] }));
  return { tests, passed: 0, total: tests.length, stdout: "", duration_ms: 0, collection_error: { message },
           timedOut, diagnosis: null };
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
  summary.className = result.passed === result.total ? "summary all-passed" : "summary";
  summary.textContent = result.timedOut ? `Timed out: 0/${result.total} passed`
    : `${result.passed}/${result.total} passed · ${Math.round(result.duration_ms)} ms`;

  const notice = $("notice");
  notice.textContent = result.collection_error && (result.timedOut || !result.total || result.passed === 0)
    ? noticeText(result) : "";
  notice.hidden = !notice.textContent;

  showDiagnosis(result.diagnosis);

  const list = $("results");
  list.classList.remove("stale");
  list.replaceChildren(...result.tests.map(resultRow));

  const stdout = $("stdout");
  const text = result.stdout || "";
  stdout.textContent = text.length > MAX_STDOUT_SHOWN
    ? text.slice(0, MAX_STDOUT_SHOWN) + `\n… ${text.length - MAX_STDOUT_SHOWN} more characters not shown` : text;
  stdout.closest("details").hidden = !text;
}

function noticeText(result) {
  const error = result.collection_error;
  const where = (error.traceback || []).join("\n");
  if (result.timedOut) return error.message;
  return `Your code could not be loaded: ${error.message}${where ? "\n" + where : ""}`;
}

function resultRow(test) {
  const row = element("li", `result ${test.outcome}`);
  row.dataset.testid = "result";
  row.dataset.name = test.name;
  row.dataset.outcome = test.outcome;
  const mark = { passed: "✓", failed: "✗", error: "!" }[test.outcome] || "?";
  row.append(element("span", "mark", mark), element("span", "name", test.name));
  if (test.outcome !== "passed") {
    const detail = [test.message, ...(test.traceback || [])].filter(Boolean).join("\n");
    if (detail) row.append(element("pre", "message", detail));
  }
  return row;
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
  if (result.total > 0 && result.passed === result.total) store.set("solved", "1");
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

// ---------------------------------------------------------------- start
function main() {
  const saved = store.get("code");
  let saveTimer = null;
  const save = () => { clearTimeout(saveTimer); store.set("code", editor.getCode()); };
  const editorHost = $("editor");
  editorHost.replaceChildren();
  const editor = createEditor(editorHost, saved ?? config.starter, {
    onChange: () => { clearTimeout(saveTimer); saveTimer = setTimeout(save, 300); },
    onRun: () => runTests(),
  });
  addEventListener("pagehide", save);
  addEventListener("beforeunload", save);

  const runtime = new Runtime(window.__runtimeWorker);
  async function runTests() {
    save();
    const result = await runtime.run(editor.getCode());
    showResult(result);
    markSolved(result);
    return result;
  }

  $("run").addEventListener("click", () => runTests());
  $("reset").addEventListener("click", () => {
    if (!confirm("Replace your code with the starter? Your current code will be lost.")) return;
    editor.setCode(config.starter);
    save();
  });
  setUpHints();
  setUpSolution();
  $("solved").hidden = store.get("solved") !== "1";

  window.exercise = {
    getCode: () => editor.getCode(),
    setCode: (text) => { editor.setCode(String(text)); save(); },
    runTests,
  };
}

main();
