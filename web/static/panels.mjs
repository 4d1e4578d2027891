// The panels beside the results: hints, the reference solution, Try it (a snippet run
// against the learner's code) and the plots of the learner's function against the
// reference. Each set-up function wires its panel and returns what the page API needs.
import { byTestId as $, element, messageBlock, scrollBox } from "./dom.mjs";

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
    const data = await (await fetch(window.__runtimeConfig.dataUrl)).json();
    const pre = $("solution");
    pre.textContent = data.solution;
    pre.hidden = false;
    button.hidden = true;
  });
}

/** Try it: returns tryIt(), which runs the snippet box against the editor's code. */
export function setUpTry({ editor, runtime, store, goToLine }) {
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

/** The plots panel: returns plot(), which draws the learner's curves (null without sweeps). */
export function setUpPlots({ editor, runtime, config, goToLine }) {
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
      list.append(messageBlock("plot-error", answer.error, answer.traceback || [], goToLine));
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
