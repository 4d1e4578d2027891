// The results view: the summary, one row per test, the notice of a stopped run, the
// diagnosis of a known mistake, the printed output and the failing lines in the editor's
// gutter. It only writes the page; what it shows comes from the run result it is given.
import { isSolved, pointsOf, pointsText } from "./verdict.mjs";
import { byTestId as $, element, messageBlock, scrollBox } from "./dom.mjs";
import { groupRows, groupTitle } from "./result_groups.mjs";

const MAX_STDOUT_SHOWN = 30000;  // a backstop: the runner already cuts at 20,000
const LONG_OUTPUT_LINES = 6;     // printed output longer than this starts collapsed
const LONG_OUTPUT_CHARS = 400;

const STOP_TITLES = {
  load_error: "Your code could not be loaded",
  collection_error: "The tests could not be collected",
  interrupted: "The test run was stopped",
  crash: "The Python runtime crashed",
  timeout: "Timed out",
  startup_failure: "Python could not start",
};

const MARKS = { passed: "✓", failed: "✗", error: "!", skipped: "–", xfailed: "x", xpassed: "!" };
const OUTCOME_WORDS = { passed: "passed", failed: "failed", error: "error", skipped: "skipped",
                        xfailed: "expected failure", xpassed: "unexpectedly passed" };

function noticeText(stop) {
  if (stop.kind === "timeout" || stop.kind === "startup_failure" || stop.kind === "crash") {
    return { message: stop.message, traceback: [] };
  }
  return { message: `${STOP_TITLES[stop.kind] || "The run stopped"}: ${stop.message}`, traceback: stop.traceback };
}

const cut = (text) => (text.length > MAX_STDOUT_SHOWN
  ? text.slice(0, MAX_STDOUT_SHOWN) + `\n… ${text.length - MAX_STDOUT_SHOWN} more characters not shown` : text);

function printedBlock(text, label) {
  const shown = cut(text);
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

/** Failing lines for the editor's gutter, the message on hover: one mark per line. */
function failingLines(result) {
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
  return marks;
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

/**
 * The results view of a problem whose expected rows are `expected`. `goToLine(n)` moves the
 * editor to line n (traceback links); `markLines(marks)` sets the editor's gutter marks.
 * Whether results are shown is kept here, never read back from the page.
 */
export function createResultsView({ expected, goToLine, markLines }) {
  let shown = false;   // a result (run or restored) is on the page
  // Rows show their points only when the author weights the tests (some row is not worth 1).
  const weighted = (expected || []).some((row) => Number.isFinite(row.points) && row.points !== 1);

  // One row per test case; inside a group (`shared`), the group shows the message once.
  function resultRow(row, { shared = false } = {}) {
    const item = element("li", `result ${row.outcome}`);
    item.dataset.testid = "result";
    item.dataset.name = row.name;
    item.dataset.id = row.id;
    item.dataset.outcome = row.outcome;
    const symbol = element("span", "mark", MARKS[row.outcome] || "?");
    symbol.setAttribute("aria-hidden", "true");
    item.append(symbol, element("span", "visually-hidden", `${OUTCOME_WORDS[row.outcome] || row.outcome}: `),
                element("span", "name", row.name));
    if (weighted && Number.isFinite(row.points)) {
      const points = element("span", "row-points", `${row.points} point${row.points === 1 ? "" : "s"}`);
      points.dataset.testid = "row-points";
      item.append(" ", points);
    }
    if (!shared && row.outcome !== "passed" && (row.message || (row.traceback || []).length)) {
      item.append(messageBlock("message", row.message, row.traceback, goToLine));
    }
    if (row.stdout) item.append(printedBlock(row.stdout, `Printed during ${row.name}`));
    return item;
  }

  // Rows that failed the same way, shown once: the title ("7 tests: NameError: ..."), the
  // rest of the message and the traceback, then the rows themselves, folded. Rows a stopped
  // run never ran are one folded line. Each row keeps its own `result` element.
  function resultGroup(group) {
    const first = group.rows[0];
    const item = element("li", `result-group ${first.outcome} ${group.kind}`);
    item.dataset.testid = "result-group";
    item.dataset.kind = group.kind;
    item.dataset.outcome = first.outcome;
    item.dataset.count = String(group.rows.length);
    const rows = element("ul", "group-rows");
    rows.append(...group.rows.map((row) => resultRow(row, { shared: true })));
    const folded = element("details", "group-list");
    if (group.kind === "not-run") {
      folded.append(element("summary", "group-title", groupTitle(group)), rows);
      item.append(folded);
      return item;
    }
    const symbol = element("span", "mark", MARKS[first.outcome] || "?");
    symbol.setAttribute("aria-hidden", "true");
    item.append(symbol, element("span", "visually-hidden", `${OUTCOME_WORDS[first.outcome] || first.outcome}: `),
                element("span", "name", groupTitle(group)));
    const rest = (first.message || "").split("\n").slice(1).join("\n");
    if (rest || (first.traceback || []).length) item.append(messageBlock("message", rest, first.traceback, goToLine));
    folded.append(element("summary", "", `Which ${group.rows.length} tests`), rows);
    item.append(folded);
    return item;
  }

  // Results describe the code they ran; once the code changes they are marked as earlier code's.
  function markFresh(fresh) {
    const note = $("stale-note");
    if (!note) return;
    note.hidden = fresh || !shown;
    $("results").dataset.stale = String(!fresh && shown);
  }

  function showRunning() {
    const summary = $("summary");
    summary.textContent = "Running…";
    delete summary.dataset.passed;
    delete summary.dataset.total;
    delete summary.dataset.points;
    delete summary.dataset.pointsTotal;
    shown = false;
    $("results").classList.add("stale");
  }

  function showResult(result, { restored = null } = {}) {
    const summary = $("summary");
    summary.dataset.passed = result.passed;
    summary.dataset.total = result.total;
    shown = true;
    const solved = isSolved(result, expected);
    summary.dataset.solved = String(solved);
    summary.className = solved ? "summary all-passed" : "summary";
    const others = result.rows.length - result.total;
    const points = pointsOf(result, expected);   // shown only when the author weights the tests
    summary.dataset.points = points.earned;
    summary.dataset.pointsTotal = points.total;
    summary.textContent = (result.timedOut ? `Timed out: 0/${result.total} passed`
      : `${result.passed}/${result.total} passed` + (others ? ` (${others} skipped or expected to fail)` : ""))
        + (points.weighted ? ` · ${pointsText(points)}` : "")
        + (result.timedOut ? "" : ` · ${Math.round(result.duration_ms)} ms`);
    document.querySelector(".views-count").textContent = ` ${result.passed}/${result.total}`;

    const note = $("restored-note");
    note.hidden = !restored;
    note.textContent = restored ? `These are the results of your last run (${restored}), of the code saved in this browser.` : "";

    const notice = $("notice");
    notice.replaceChildren();
    if (result.stop) {
      const text = noticeText(result.stop);
      notice.append(messageBlock("", text.message, text.traceback, goToLine));
      notice.dataset.kind = result.stop.kind;
    } else {
      delete notice.dataset.kind;
    }
    notice.hidden = !result.stop;

    showDiagnosis(result.diagnosis);

    const list = $("results");
    list.classList.remove("stale");
    list.replaceChildren(...groupRows(result.rows).map((group) => (group.kind === "row" ? resultRow(group.rows[0])
                                                                                    : resultGroup(group))));
    markFresh(true);

    const stdout = $("stdout");
    stdout.textContent = cut(result.stdout || "");
    scrollBox(stdout, "Printed while loading your code");
    stdout.parentElement.hidden = !stdout.textContent;

    markLines(failingLines(result));
    $("next").hidden = !solved;
  }

  /**
   * Scroll the page, never the focus, so that the summary and the first thing to read are
   * in view: the diagnosis, else the notice of a stopped run, else the first row or group
   * that failed (its first lines, if it is long), else the Next link. Scrolls as little as
   * that takes and never past the summary. `covered`: pixels of the window's top hidden
   * under something sticky (the phone's view buttons).
   */
  function reveal(covered = 0) {
    const shownNow = (node) => node && !node.hidden && node.getClientRects().length > 0;
    const firstFailing = [...$("results").children].find((node) => node.matches(".failed, .error"));
    const target = [$("diagnosis"), $("notice"), firstFailing, $("next")].find(shownNow) || $("summary");
    const margin = 12;
    const top = $("summary").getBoundingClientRect().top;
    const box = target.getBoundingClientRect();
    const bottom = Math.min(box.bottom, box.top + 160);
    let delta = 0;
    if (top < covered + margin || top > innerHeight - margin) delta = top - covered - margin;
    else if (bottom + margin > innerHeight) delta = Math.min(bottom + margin - innerHeight, top - covered - margin);
    if (delta) window.scrollBy({ top: delta, behavior: "instant" });
  }

  return { showRunning, showResult, markFresh, reveal };
}
