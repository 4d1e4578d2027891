// The problem page's wiring: the editor, the runtime client, the views and panels, and the
// `window.exercise` API that embedding pages and tests use. Bundled with the editor.
// The rooms: runtime_client.mjs (the worker, no DOM), results_view.mjs, panels.mjs (hints,
// solution, Try it), plots_panel.mjs, page_storage.mjs (what the browser keeps), offline.js, lms.mjs, embed.mjs.
import { createEditor } from "../editor/editor.js";
import { isSolved, stopResult } from "./verdict.mjs";
import { setUpOffline } from "./offline.js";
import { connectLms } from "./lms.mjs";
import { connectEmbed } from "./embed.mjs";
import { RuntimeClient } from "./runtime_client.mjs";
import { createResultsView } from "./results_view.mjs";
import { setUpHints, setUpSolution, setUpTry } from "./panels.mjs";
import { setUpPlots } from "./plots_panel.mjs";
import { createStore, lastRun, markSolved, saveLastRun, savedCopy, setUpSaving } from "./page_storage.mjs";
import { byTestId as $ } from "./dom.mjs";
import { expectShape } from "./contract.mjs";
import { followTrack } from "./track_nav.mjs";
import { browserStorage } from "./storage_keys.mjs";
import { swapProblemsInPlace } from "./page_swap.mjs";
import { SNAPSHOT_PARAMETER, SnapshotSpares } from "./snapshot_page.mjs";

export { plotText } from "./plot_text.mjs";

// The page config has one declared shape (contract.PageConfig, and PageConfig in contract.mjs).
const readConfig = () => expectShape("PageConfig", JSON.parse(document.getElementById("exercise-config").textContent),
                                     "the page's config (#exercise-config)");

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
    reachScrollers();   // a resize while the statement was hidden could not measure it
  };
  for (const button of buttons) button.addEventListener("click", () => show(button.dataset.view));
  return show;
}

// A formula or example wider than a phone scrolls in its own box; the keyboard must reach it.
function reachScrollers() {
  for (const box of document.querySelectorAll(".statement .math-display, .statement pre")) {
    // A box in a hidden view has no width: it keeps what it had until it shows again.
    if (box.getClientRects().length === 0) continue;
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);   // style.css: a shadow at the edge that hides more
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


// ---------------------------------------------------------------- one problem
// Everything of the problem shown: set up on load and again after each in-place swap
// (page_swap.mjs); what it adds to the window or the runtime goes when `signal` aborts.
// `onNextShown(url)`: the Next link shows, to the page at `url`.
// Returns {save, nextShown}: the code saved at once, before the page leaves; and
// onNextShown called again if the Next link shows now.
function startProblem(config, runtime, signal, onNextShown) {
  const store = createStore(config.slug);
  const saved = store.get("code");
  const editorHost = $("editor");
  editorHost.replaceChildren();
  let saving = null;
  let results = null;
  let tryPanel = null;   // Try it, once set up: its output goes stale when the code changes
  let plots = null;      // the plots, once set up: likewise
  const editor = createEditor(editorHost, saved ?? config.starter, {
    onChange: () => { saving.later(); results.markFresh(false); tryPanel?.markStale(); plots?.markStale(); },
    onRun: () => askRunOnce(),   // Ctrl+Enter: guarded as the Run button is
  });
  saving = setUpSaving(editor, store, signal);
  const lms = connectLms(config, { getCode: () => editor.getCode(), setCode: (code) => editor.setCode(code),
                                   browserCopy: () => savedCopy(store) });
  const embed = connectEmbed(config);
  const showView = setUpViews();
  // After a run, its results in view. On a phone (one part at a time) the Results part
  // opens; if that hid what had the focus (Run, the editor), the focus goes to the Results
  // button, one tap from the Code part again. Elsewhere only the page scrolls.
  function revealResults() {
    const views = document.querySelector(".views");
    const phone = views && getComputedStyle(views).display !== "none";
    if (phone) {
      const had = document.activeElement;
      showView("results");
      if (had && had !== document.body && had.getClientRects().length === 0) {
        views.querySelector("[data-view=results]").focus();
      }
    }
    results.reveal(phone ? views.getBoundingClientRect().bottom : 0);
  }
  const goToLine = (line) => { showView("code"); editor.goToLine(line); };
  results = createResultsView({ expected: config.expected, goToLine, markLines: (marks) => editor.markLines(marks) });

  runtime.timeLimit = config.timeLimit;
  runtime.on("status", (state, text) => {
    const status = $("status");
    status.dataset.state = state;
    status.textContent = text;
  }, signal);
  runtime.on("running", (kind) => { if (kind === "run") results.showRunning(); }, signal);
  // Whether a fresh Python waits for the next run ("ready") or is still loading ("loading").
  runtime.on("spare", (ready) => { $("status").dataset.spare = ready ? "ready" : "loading"; }, signal);
  // Whether the Python just ready runs the page's compiled wasm ("shared") or compiled its own.
  // And whether the problem it serves was prepared ahead of the click on Next ("true") or not.
  runtime.on("ready", (wasm, preparedAhead) => {
    if (wasm) $("status").dataset.wasm = wasm;
    $("status").dataset.preparedAhead = String(Boolean(preparedAhead));
  }, signal);
  // The loading bar: shown while the learner waits for a Python (the first, a restart, or
  // a fresh one a run waits for), gone once it is ready or could not start.
  const loadProgress = /** @type {HTMLProgressElement} */ ($("load-progress"));
  runtime.on("progress", (value) => { loadProgress.value = value; loadProgress.hidden = false; }, signal);
  runtime.on("ready", () => { loadProgress.hidden = true; loadProgress.value = 0; }, signal);
  runtime.on("status", () => { if (runtime.startFailed) loadProgress.hidden = true; }, signal);
  const pythonReady = new Promise((resolve) => runtime.on("ready", resolve, signal));

  const nextShown = () => {
    const link = /** @type {HTMLAnchorElement | null} */ (document.querySelector("[data-testid=next] a"));
    if (link && !$("next").hidden) onNextShown(link.href);
  };

  async function runTests() {
    saving.save();
    const code = editor.getCode();
    const result = await runtime.run(code);
    if (signal.aborted) return result;   // the learner went to another problem meanwhile
    results.showResult(result);
    nextShown();
    results.markFresh(editor.getCode() === code);
    revealResults();
    markSolved(store, result, config.expected);
    if (!result.timedOut && result.stop?.kind !== "crash") saveLastRun(store, code, result);
    await lms.recordResult(result, code);
    embed.recordResult(result);
    // After every run that loaded the code the plots show it (on a pass the curves lie on
    // each other); after one that did not, the plots on screen say they are earlier code's.
    if (!result.stop) lastPlot = plots.plot();
    else plots.markStale();
    return result;
  }

  // A press of Run while a run is asked for and not answered would only queue the same code
  // again. Any other job (a snippet, the plots after a run) queues the run behind it:
  // the press is never dropped. Not `disabled`: that would drop keyboard focus to <body>.
  let runAsked = false;
  const askRun = (asked) => { runAsked = asked; $("run").setAttribute("aria-disabled", String(asked)); };
  function askRunOnce() {
    if (runAsked) return;
    askRun(true);
    runTests().finally(() => askRun(false));
  }
  $("run").addEventListener("click", askRunOnce);
  const hints = setUpHints(store);
  $("reset").addEventListener("click", () => {
    if (!confirm("Replace your code with the starter? Your current code will be lost.")) return;
    editor.setCode(config.starter);
    saving.save();
    editor.markLines([]);
    const shown = hints.shown();
    if (shown && confirm(`Also hide the ${shown === 1 ? "hint" : `${shown} hints`} you have shown?`)) hints.hideAll();
  });
  setUpSolution();
  followTrack(config, browserStorage());   // Next along the track the learner came from, if any
  markSolved(store, null, config.expected);
  tryPanel = setUpTry({ editor, runtime, store, goToLine });
  // A plot on which the learner's curve lies on the reference's says so honestly when the
  // same code failed its last run.
  const failsTests = (code) => {
    const last = lastRun(store);
    return Boolean(last && last.code === code && !isSolved(last.result, config.expected));
  };
  plots = setUpPlots({ editor, runtime, config, goToLine, failsTests, signal });
  let lastPlot = Promise.resolve(null);
  // The last run's result comes back after a reload, with the code it ran.
  const last = lastRun(store);
  if (last) {
    results.showResult(last.result, { restored: last.when });
    results.markFresh(last.code === editor.getCode());
  }
  reachScrollers();
  addEventListener("resize", reachScrollers, { signal });

  window.exercise = {
    slug: config.slug,   // the problem shown: another one after an in-place swap
    getCode: () => editor.getCode(),
    setCode: (text) => { editor.setCode(String(text)); saving.save(); },
    runTests,
    // The plots of the last run that loaded, or of the current code when asked: a Promise of
    // the learner's curves (null for a problem without sweeps).
    plot: (fresh = true) => (fresh ? plots.plot() : lastPlot),
    tryIt: (snippet) => {
      if (snippet !== undefined) /** @type {HTMLTextAreaElement} */ (document.querySelector("[data-testid=try-snippet]")).value = String(snippet);
      return tryPanel.run();
    },
  };
  setUpOffline(config, pythonReady);
  embed.ready();   // after window.exercise: "ready" means usable
  return { lms, embed, save: () => saving.save(), nextShown };
}

// ---------------------------------------------------------------- start
function main() {
  let config = readConfig();
  const boot = window.__exercisePage;   // started by the page's inline script (problem.html)
  // Every run gets a Python no learner code has run in: a spare boots beside the used one.
  // Below 2 GB (navigator.deviceMemory, Chromium only) one Python at a time: each run then
  // waits for a fresh one to boot.
  const lowMemory = typeof navigator.deviceMemory === "number" && navigator.deviceMemory < 2;
  // Later spares start from a snapshot a maker worker takes once the first is ready (snapshot_page.mjs).
  const spares = new SnapshotSpares({ start: boot.startWorker, config, workers: lowMemory ? 1 : 2,
                                      mode: new URLSearchParams(location.search).get(SNAPSHOT_PARAMETER) || "on" });
  const runtime = new RuntimeClient({
    startWorker: () => spares.startWorker(), worker: boot.worker, buffered: boot.messages,
    timeLimit: config.timeLimit, stopped: (kind, message) => stopResult(kind, message, config.expected),
    workers: lowMemory ? 1 : 2,
  });
  // The maker is a second Python: started only while no used worker lives beside the spare.
  runtime.on("ready", () => { if (!runtime.used) spares.make(); });
  boot.messages = null;
  let scope = new AbortController();
  let swapper = null;
  // Once the Next link shows (a solving run), the spare prepares that problem's tests
  // beside this one's, so a click on Next finds them ready (runtime_client.mjs prepareAhead).
  // Asked once per problem shown and link: the client asks every later spare itself.
  let lookedAhead = null;
  const prepareNext = (url) => {
    const asked = config;
    if (!swapper || lookedAhead?.config === asked && lookedAhead.url === url) return;
    lookedAhead = { config: asked, url };
    swapper.lookAhead(url).then((next) => {
      if (!next || config !== asked) return;
      runtime.prepareAhead({ dataUrl: boot.absoluteRuntime(next).dataUrl, dataSha256: next.dataSha256 });
    });
  };
  const page = startProblem(config, runtime, scope.signal, prepareNext);
  const reportSpares = () => { window.exercise.spareSnapshot = () => spares.report(); };
  reportSpares();
  runtime.start();
  // Inside an LMS or another site's frame a page is one problem: its package or its parent
  // expects that page. Elsewhere the other problems swap in without booting Python again.
  if (page.lms.active || window.parent !== window) return;
  let current = page;
  swapper = swapProblemsInPlace({
    current: () => config,
    leave: () => {
      current.save();
      scope.abort();
    },
    enter: (next) => {
      config = next;
      boot.runtime = boot.absoluteRuntime(next);
      scope = new AbortController();
      current = startProblem(next, runtime, scope.signal, prepareNext);
      reportSpares();
      spares.switchProblem(next);
      // After the new page listens: it says each step of preparing the new problem.
      runtime.switchProblem(() => spares.startWorker(next),
                            { dataUrl: boot.runtime.dataUrl, dataSha256: next.dataSha256 });
      current.nextShown();   // a problem solved before shows its Next link at once
    },
  });
  page.nextShown();
}

main();
