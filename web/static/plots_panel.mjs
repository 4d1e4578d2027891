// The plots panel: the learner's function against the reference on each sweep. Plots
// always say which code they show: drawn for the code of the last run that loaded, or
// marked as earlier code's with a one-click redraw, never passed off as current.
import { byTestId as $, element, messageBlock } from "./dom.mjs";
import { plotText } from "./plot_text.mjs";

const FOLD_CHARS = 220;   // a text alternative longer than this shows its start until unfolded

/** Whether the learner's curve says anything a plot must show: it raises, is not finite
 * somewhere, or departs from the reference's. */
export function curveDeparts(curve) {
  return Boolean(curve.errors.length || curve.parts_at.length || curve.ys.some((y) => typeof y === "string"));
}

/** The one line shown instead of plots when the code raises at every point of every sweep
 * (e.g. a NameError before any value): plots would only repeat the results. Null otherwise. */
export function raisesEverywhere(curves) {
  const everywhere = (curve) => curve.errors.length > 0 && curve.ys.every((y) => y === null);
  if (!curves.length || !curves.every(everywhere)) return null;
  return `No plots: your code raises before returning a value at every point (${curves[0].errors[0].message}). ` +
         "The results above say where.";
}

/** The sweeps worth a plot: a sweep marked `only_when_apart` only when the curve departs. */
export function sweepsToDraw(sweeps, curves) {
  return sweeps.map((sweep) => [sweep, curves.find((found) => found.name === sweep.name)])
    .filter(([sweep, curve]) => curve && (!sweep.only_when_apart || curveDeparts(curve)));
}

// A long text alternative shows its first lines until unfolded. Folded by CSS only (line
// clamp), so a screen reader still reads all of it.
function altText(text, name) {
  const alt = element("p", "plot-alt", text);
  alt.dataset.testid = "plot-alt";
  if (text.length <= FOLD_CHARS) return [alt];
  alt.classList.add("folded");
  alt.id = `plot-alt-${name}`;
  const more = element("button", "plot-alt-more", "Show the whole description");
  more.type = "button";
  more.setAttribute("aria-controls", alt.id);
  more.setAttribute("aria-expanded", "false");
  more.addEventListener("click", () => {
    const folded = alt.classList.toggle("folded");
    more.setAttribute("aria-expanded", String(!folded));
    more.textContent = folded ? "Show the whole description" : "Fold the description";
  });
  return [alt, more];
}

/** The plots panel: returns plot(), which draws the learner's curves (null without sweeps),
 * and markStale(), which marks the plots on screen as earlier code's when the code changed. */
export function setUpPlots({ editor, runtime, config, goToLine, failsTests = (_code) => false, signal = undefined }) {
  const panel = $("plots");
  if (!panel) return { plot: async () => null, markStale: () => {} };
  const list = $("plot-list");
  const staleNote = $("plot-stale");
  let plotting = null;   // the plot module, once loaded
  let charts = [];       // {host, sweep, curve, plot} per plot on screen
  let drawn = null;      // drawSweep, once loaded
  let plottedCode = null;   // the code the plots on screen show
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
  const markStale = () => {
    const stale = plottedCode !== null && plottedCode !== editor.getCode();
    list.dataset.stale = String(stale);
    staleNote.hidden = !stale;
  };
  const clear = () => {
    for (const chart of charts) chart.plot.destroy();
    charts = [];
    list.replaceChildren();
  };
  async function plot() {
    list.dataset.state = "running";
    const code = editor.getCode();
    const [answer, { drawSweep }] = await Promise.all([runtime.sweeps(code), load()]);
    const testsFail = failsTests(code);
    clear();
    plottedCode = code;
    markStale();
    if (answer.error) {
      list.append(messageBlock("plot-error", answer.error, answer.traceback || [], goToLine));
      list.dataset.state = "error";
      return answer;
    }
    const nothing = raisesEverywhere(answer.curves);
    if (nothing) {
      const line = element("p", "plot-none", nothing);
      line.dataset.testid = "plot-none";
      list.append(line);
      list.dataset.state = "done";
      return answer;
    }
    for (const [sweep, curve] of sweepsToDraw(config.sweeps, answer.curves)) {
      const figure = element("figure", "plot");
      figure.dataset.testid = "plot";
      figure.dataset.sweep = sweep.name;
      figure.dataset.kind = sweep.kind || "line";
      const chart = element("div", "plot-chart");
      chart.setAttribute("aria-hidden", "true");   // the text below says what it shows
      figure.append(element("figcaption", "plot-title", sweep.title), chart, ...altText(plotText(sweep, curve, testsFail), sweep.name));
      list.append(figure);
      charts.push({ host: chart, sweep, curve, plot: drawSweep(chart, sweep, curve) });
    }
    drawn = drawSweep;
    list.dataset.state = "done";
    return answer;
  }
  $("plot-run").addEventListener("click", () => plot());
  $("plot-refresh").addEventListener("click", () => plot());
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
  return { plot, markStale };
}
