// The panels beside the results: hints, the reference solution and Try it (a snippet run
// against the learner's code); the plots are plots_panel.mjs. Each set-up function wires
// its panel and returns what the page API needs.
import { byTestId as $, element, messageBlock, scrollBox } from "./dom.mjs";

export { imagesText, plotText, scatterText } from "./plot_text.mjs";
export { setUpPlots } from "./plots_panel.mjs";

/** Hints revealed one at a time, the count kept in `store`: {shown(), hideAll()}. */
export function setUpHints(store) {
  const hints = [...document.querySelectorAll("[data-hint]")];
  const button = $("hint");
  if (!button) return { shown: () => 0, hideAll: () => {} };
  let shown = Math.min(Number(store.get("hints") || 0), hints.length);
  const afterHints = document.querySelector("[data-after-hints]");
  const update = () => {
    hints.forEach((hint, index) => { hint.hidden = index >= shown; });
    button.hidden = shown >= hints.length;
    if (afterHints) afterHints.hidden = shown < hints.length;   // the author's way forward after the last hint
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

/** The reference solution, fetched only when the learner confirms. */
export function setUpSolution() {
  const button = $("show-solution");
  if (!button) return;
  button.addEventListener("click", async () => {
    if (!confirm("Show the reference solution? Trying a little longer teaches more.")) return;
    const data = await (await fetch(window.__exercisePage.runtime.dataUrl)).json();
    const pre = $("solution");
    pre.textContent = data.solution;
    pre.hidden = false;
    button.hidden = true;
  });
}

/** Try it: returns tryIt(), which runs the snippet box against the editor's code. */
export function setUpTry({ editor, runtime, store, goToLine }) {
  const snippet = /** @type {HTMLTextAreaElement} */ (document.querySelector("[data-testid=try-snippet]"));
  const output = $("try-output");
  const saved = store.get("try");
  if (saved !== null) snippet.value = saved;
  const staleNote = $("try-stale");
  let ranWith = null;   // {code, snippet} of the output on screen
  // Output of earlier code or another snippet is marked as such, never passed off as current.
  const markStale = () => {
    const stale = ranWith !== null && (ranWith.code !== editor.getCode() || ranWith.snippet !== snippet.value);
    output.dataset.stale = String(stale);
    staleNote.hidden = !stale;
  };
  snippet.addEventListener("input", () => { store.set("try", snippet.value); markStale(); });
  async function tryIt() {
    output.hidden = false;
    output.textContent = "Running…";
    output.dataset.state = "running";
    const ran = { code: editor.getCode(), snippet: snippet.value };
    ranWith = null;
    markStale();
    const answer = await runtime.try(ran.code, ran.snippet);
    ranWith = ran;
    markStale();
    output.replaceChildren();
    if (answer.stdout) output.append(element("span", "try-printed", answer.stdout.replace(/\n?$/, "\n")));
    if (answer.error) {
      output.append(messageBlock("try-error", answer.error, answer.traceback, goToLine));
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
  return { run: tryIt, markStale };
}
