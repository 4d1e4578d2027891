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

// ---------------------------------------------------------------- plots
const num = (x) => String(Number(Number(x).toPrecision(3)));
const percent = (share) => `${Number((100 * share).toPrecision(2))}%`;

/** "Your curve lies on the reference's." said honestly: when this code fails tests, the
 *  plot agreeing does not mean the code is right, so the sentence says where to look. */
function agrees(sentence, testsFail) {
  return testsFail ? `${sentence.replace(/\.$/, "")} on this sweep; the failing tests differ elsewhere.` : sentence;
}

/** "Your code raises: ..." for a sweep evaluated as a whole (images, scatter, histogram). */
function raisesText(curve) {
  const first = curve.errors[0];
  return first ? `Your code raises: ${first.message}.` : "";
}

/** The values that are not finite, named: "nan" or "nan and inf". */
function oddNames(values) {
  return [...new Set(values.filter((v) => typeof v === "string"))].join(" and ");
}

/** The text alternative of an images plot: what it shows, which values are not finite, and
 * how far the learner's images are from the reference's, on average and per image. */
export function imagesText(sweep, curve, testsFail = false) {
  const [rows, cols] = sweep.shape;
  const pixels = rows * cols;
  const name = (index) => (sweep.captions ? `image ${index + 1} (${sweep.captions[index]})` : `image ${index + 1}`);
  const parts = [`${sweep.count} images of ${rows}x${cols} pixels, ${num(sweep.range[0])} black to ` +
                 `${num(sweep.range[1])} white: ${sweep.inputs ? "the inputs, " : ""}the reference's and your code's.`];
  if (curve.errors.length) parts.push(raisesText(curve));
  else {
    const odd = curve.ys.map((v, i) => [v, Math.floor(i / pixels)]).filter(([v]) => typeof v === "string");
    if (odd.length) {
      const images = new Set(odd.map(([, image]) => image)).size;
      parts.push(`Your code returns ${oddNames(curve.ys)} for ${odd.length} pixels in ${images} of ${sweep.count} ` +
                 "images: shown in the warning colour.");
    }
  }
  const distances = curve.distances || [];
  const measured = distances.map((d, i) => [d, i]).filter(([d]) => d !== null);
  if (!curve.errors.length && !curve.parts_at.length) {
    parts.push(agrees("Your images match the reference's.", testsFail));
  } else if (curve.parts_at.length && !measured.length) {
    parts.push(`Your images differ visibly from the reference's in ${curve.parts_at.length} of ${sweep.count}.`);
  } else if (measured.length) {
    const mean = measured.reduce((sum, [d]) => sum + d, 0) / measured.length;
    const [most, at] = measured.reduce((best, next) => (next[0] > best[0] ? next : best));
    const among = measured.length < sweep.count ? ` (of the ${measured.length} with finite pixels)` : "";
    parts.push(`Your images differ visibly from the reference's in ${curve.parts_at.length} of ${sweep.count}: ` +
               `by ${percent(mean)} of the pixel range on average${among} (mean absolute difference), most in ` +
               `${name(at)}, by ${percent(most)}.`);
    if (sweep.count <= 16) {
      parts.push(`Per image: ${distances.map((d, i) => `${sweep.captions ? sweep.captions[i] : i + 1} ` +
                                                       (d === null ? "not finite" : percent(d))).join(", ")}.`);
    }
  }
  return parts.join(" ");
}

/** The text alternative of a scatter plot: what it shows, the points per label, and each
 * label's mean position, the learner's against the reference's. */
export function scatterText(sweep, curve, testsFail = false) {
  const count = sweep.labels.length;
  const at = (mean) => (mean ? `(${num(mean[0])}, ${num(mean[1])})` : "no finite point");
  const parts = [`${count} points (${sweep.x_label}, ${sweep.y_label}) coloured by ${sweep.label_name}: ` +
                 "the reference's beside your code's."];
  if (curve.errors.length) parts.push(raisesText(curve));
  else {
    const bad = sweep.labels.filter((_, i) => typeof curve.ys[2 * i] === "string" || typeof curve.ys[2 * i + 1] === "string");
    if (bad.length) parts.push(`Your code returns ${oddNames(curve.ys)} for ${bad.length} of ${count} points: not drawn.`);
  }
  const mine = curve.summary || [];
  const theirs = new Map((curve.reference_summary || []).map((group) => [group.label, group]));
  if (mine.length) {
    parts.push(`Points per ${sweep.label_name}: ${mine.map((group) => `${group.label}: ${group.count}`).join(", ")}.`);
  }
  if (!curve.errors.length && !curve.parts_at.length) {
    parts.push(agrees("Your points lie on the reference's.", testsFail));
    if (mine.length) {
      parts.push(`Mean position per ${sweep.label_name}: ${mine.map((g) => `${g.label} at ${at(g.mean)}`).join(", ")}.`);
    }
  } else if (!curve.errors.length) {
    parts.push(`Your points differ from the reference's at ${curve.parts_at.length} of ${count} points.`);
    if (mine.length) {
      parts.push(`Mean position per ${sweep.label_name}, yours against the reference's: ` +
                 mine.map((g) => `${g.label} at ${at(g.mean)} against ${at((theirs.get(g.label) || {}).mean)}`)
                   .join("; ") + ".");
    }
  }
  return parts.join(" ");
}

/** The text alternative of a plot: what it shows and where the learner's output departs.
 *  `testsFail`: the plotted code is the code of the last run, which failed tests. */
export function plotText(sweep, curve, testsFail = false) {
  if (sweep.kind === "images") return imagesText(sweep, curve, testsFail);
  if (sweep.kind === "scatter") return scatterText(sweep, curve, testsFail);
  const name = sweep.x_label;
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
    parts.push(agrees(histogram ? "Your samples follow the reference's." : "Your curve lies on the reference's.",
                      testsFail));
  }
  return parts.join(" ");
}

/** The plots panel: returns plot(), which draws the learner's curves (null without sweeps). */
export function setUpPlots({ editor, runtime, config, goToLine, failsTests = (_code) => false, signal = undefined }) {
  const panel = $("plots");
  if (!panel) return async () => null;
  const list = $("plot-list");
  let plotting = null;   // the plot module, once loaded
  let charts = [];       // {host, sweep, curve, plot} per plot on screen
  let drawn = null;      // drawSweep, once loaded
  const load = () => {
    if (!plotting) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(config.plotCss, location.href).href;
      const known = [.../** @type {NodeListOf<HTMLLinkElement>} */ (document.querySelectorAll("link[rel=stylesheet]"))];
      if (!known.some((sheet) => sheet.href === link.href)) {
        document.head.append(link);   // once per page, however many problems swap in
      }
      plotting = import(new URL(config.plotUrl, location.href).href);
    }
    return plotting;
  };
  async function plot() {
    list.dataset.state = "running";
    const code = editor.getCode();
    const [answer, { drawSweep }] = await Promise.all([runtime.sweeps(code), load()]);
    const testsFail = failsTests(code);
    for (const chart of charts) chart.plot.destroy();
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
      figure.dataset.kind = sweep.kind || "line";
      const chart = element("div", "plot-chart");
      chart.setAttribute("aria-hidden", "true");   // the text below says what it shows
      const alt = element("p", "plot-alt", plotText(sweep, curve, testsFail));
      alt.dataset.testid = "plot-alt";
      figure.append(element("figcaption", "plot-title", sweep.title), chart, alt);
      list.append(figure);
      charts.push({ host: chart, sweep, curve, plot: drawSweep(chart, sweep, curve) });
    }
    drawn = drawSweep;
    list.dataset.state = "done";
    return answer;
  }
  $("plot-run").addEventListener("click", () => plot());
  // A plot drawn while its view is hidden (on a phone) or in a window that changes size
  // follows the width of its box.
  const fit = new ResizeObserver(() => {
    for (const chart of charts) {
      const width = chart.host.clientWidth;
      if (width) chart.plot.resize(Math.max(240, width));
    }
  });
  fit.observe(list);
  // The plots take their colours from the theme when drawn: a change of theme redraws them.
  document.addEventListener("exercise:theme", () => {
    for (const chart of charts) {
      chart.plot.destroy();
      chart.plot = drawn(chart.host, chart.sweep, chart.curve);
    }
  }, { signal });
  signal?.addEventListener("abort", () => fit.disconnect(), { once: true });
  return plot;
}
