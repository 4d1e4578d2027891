// The plots of a problem page: the learner's curve against the reference's on one sweep
// (exercisekit/runtime/sweeps.py), drawn with uPlot. A bundle of its own, loaded by the
// page only when a plot is first shown.
import uPlot from "uplot";

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** A number for uPlot: null (a gap) for what is not finite or was not computed. */
function finite(value) {
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * Draw `sweep` (its reference curve, or target density for a histogram) and the learner's
 * `curve` into `host`. Returns the chart, which the caller resizes and destroys.
 */
export function drawSweep(host, sweep, curve) {
  const histogram = sweep.kind === "histogram";
  const reference = histogram ? sweep.target : sweep.reference.ys;
  const ink = css("--ink") || "#1d2330";
  const grid = css("--line") || "#dde1e8";
  const axis = (label) => ({ label, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } });
  const options = {
    width: Math.max(240, host.clientWidth),
    height: 220,
    scales: { x: { time: false } },
    axes: [axis(sweep.x_label), axis(sweep.y_label)],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: sweep.x_label },
      { label: histogram ? "Target density" : "Reference", stroke: css("--pass") || "#1a7f45", width: 2 },
      { label: histogram ? "Your samples" : "Your code", stroke: css("--accent") || "#2f5bd3", width: 2,
        dash: [6, 4], ...(histogram ? { paths: uPlot.paths.stepped({ align: 0 }) } : {}) },
    ],
  };
  const data = [sweep.xs, reference.map(finite), curve.ys.map(finite)];
  return new uPlot(options, data, host);
}
