// The plots of a problem page: the learner's output against the reference's on one sweep
// (exercisekit/runtime/sweeps.py). Curves and histograms are drawn with uPlot; images and
// scatter plots on a <canvas> of their own (plot_layout.mjs places them). A bundle of its
// own, loaded by the page only when a plot is first shown.
import uPlot from "uplot";
import { cellOrigin, extent, finiteNumber, grey, imageGrid, labelColours, niceTicks, shortNumber }
  from "./plot_layout.mjs";

const css = (name, fallback) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
const HEIGHT = 220;
const FONT = "12px system-ui, -apple-system, 'Segoe UI', sans-serif";

/**
 * Draw `sweep` and the learner's `curve` into `host`. Returns {resize(width), destroy()}:
 * the caller follows the width of its box and removes the plot before drawing the next.
 */
export function drawSweep(host, sweep, curve) {
  if (sweep.kind === "images") return canvasPlot(host, (canvas, width) => drawImages(canvas, width, sweep, curve));
  if (sweep.kind === "scatter") {
    const legend = scatterLegend(sweep);
    const plot = canvasPlot(host, (canvas, width) => drawScatter(canvas, width, sweep, curve));
    host.append(legend);
    return plot;
  }
  const chart = drawLines(host, sweep, curve);
  return {
    resize(width) { if (width !== chart.width) chart.setSize({ width, height: HEIGHT }); },
    destroy() { chart.destroy(); },
  };
}

/** A line or histogram sweep with uPlot: the reference (or target density) and the learner's. */
function drawLines(host, sweep, curve) {
  const histogram = sweep.kind === "histogram";
  const reference = histogram ? sweep.target : sweep.reference.ys;
  const ink = css("--ink", "#1d2330");
  const grid = css("--line", "#dde1e8");
  const axis = (label, y = false) => ({ label, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid },
                                        ...(y ? { size: fitTicks } : {}) });
  const options = {
    width: Math.max(240, host.clientWidth),
    height: HEIGHT,
    scales: { x: { time: false } },
    axes: [axis(sweep.x_label), axis(sweep.y_label, true)],
    hooks: { draw: [(chart) => markNonFinite(chart, sweep.xs, curve.ys, css("--fail", "#b33426"))] },
    // The legend's marks are line samples (style.css), dashed for the dashed series.
    legend: { live: false, markers: { dash: (chart, i) => (chart.series[i].dash ? "dashed" : "solid") } },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: sweep.x_label },
      { label: histogram ? "Target density" : "Reference", stroke: css("--pass", "#1a7f45"), width: 2 },
      { label: histogram ? "Your samples" : "Your code", stroke: css("--accent", "#2f5bd3"), width: 2,
        dash: [6, 4], ...(histogram ? { paths: uPlot.paths.stepped({ align: -1 }) } : {}) },
    ],
  };
  const data = [sweep.xs, reference.map(finiteNumber), curve.ys.map(finiteNumber)];
  return new uPlot(options, data, host);
}

/** The y axis as wide as its widest tick number ("-0.00012" was cut at uPlot's fixed 50 px). */
function fitTicks(chart, values, index, cycle) {
  const axis = chart.axes[index];
  chart.ctx.font = axis.font[0];
  const widest = Math.max(0, ...(values || []).map((text) => chart.ctx.measureText(String(text)).width));
  const size = Math.ceil(axis.ticks.size + axis.gap + widest / uPlot.pxRatio) + 8;   // + room from the axis name
  // uPlot asks again while it settles the layout, and the room it gives can bring finer
  // ticks ("27.5" after "25"): measured each time, the axis only grows, so the layout settles.
  return cycle > 1 ? Math.max(axis._size || 0, size) : size;
}

/** Values that are not finite, which a curve cannot draw, marked at the frame's edge where
 * they fall: a triangle at the top for nan and inf, at the bottom for -inf, each kind named
 * once beside its first mark. The text alternative lists them too. */
function markNonFinite(chart, xs, ys, colour) {
  const ctx = chart.ctx;
  const ratio = uPlot.pxRatio;
  const { top, height } = chart.bbox;
  const size = 5 * ratio;
  const named = new Set();
  ctx.save();
  ctx.fillStyle = colour;
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  ctx.textBaseline = "middle";
  ys.forEach((y, i) => {
    if (typeof y !== "string") return;
    const x = chart.valToPos(xs[i], "x", true);
    const low = y === "-inf";
    const edge = low ? top + height : top;
    const tip = low ? edge - size * 1.6 : edge + size * 1.6;   // the triangle points at the edge
    ctx.beginPath();
    ctx.moveTo(x, edge);
    ctx.lineTo(x - size, tip);
    ctx.lineTo(x + size, tip);
    ctx.closePath();
    ctx.fill();
    if (!named.has(y)) {
      named.add(y);
      ctx.textAlign = x > chart.bbox.left + chart.bbox.width / 2 ? "right" : "left";
      ctx.fillText(y, x + (ctx.textAlign === "left" ? 1.5 : -1.5) * size, low ? tip - size : tip + size);
    }
  });
  ctx.restore();
}

/** One <canvas> in `host`, drawn by `paint(canvas, width)` at the screen's pixel density,
 * which sets the canvas's height; redrawn when the width changes. */
function canvasPlot(host, paint) {
  const canvas = document.createElement("canvas");
  host.append(canvas);
  let width = 0;
  const draw = (next) => {
    width = Math.max(240, next);
    paint(canvas, width);
  };
  draw(host.clientWidth);
  return {
    resize(next) { if (Math.max(240, next) !== width) draw(next); },
    destroy() { canvas.remove(); host.replaceChildren(); },
  };
}

/** Size `canvas` to width x height CSS pixels at the screen's density; its 2-D context, scaled. */
function context2d(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = FONT;
  ctx.textBaseline = "middle";
  return ctx;
}

/** The images plot: a row per series (the inputs if any, the reference's, the learner's),
 * a column per image; pixels black (low) to white (high), non-finite ones in the warning colour. */
function drawImages(canvas, width, sweep, curve) {
  const series = [...(sweep.inputs ? [["Input", sweep.inputs]] : []),
                  ...(sweep.before ? [["Untrained", sweep.before]] : []),
                  ["Reference", sweep.reference.ys], ["Your code", curve.ys]];
  const grid = imageGrid({ count: sweep.count, rows: series.length, width, captions: Boolean(sweep.captions) });
  const ctx = context2d(canvas, width, grid.height);
  const [rows, cols] = sweep.shape;
  const pixel = grid.cell / Math.max(rows, cols);
  const ink = css("--ink", "#1d2330");
  const bad = css("--fail", "#b33426");
  const frame = css("--line", "#d5dae3");
  for (let block = 0; block < grid.blocks; block += 1) {
    series.forEach(([name], row) => {
      const { y } = cellOrigin(grid, row, block * grid.columns);
      ctx.fillStyle = ink;
      ctx.textAlign = "left";
      ctx.fillText(name, 0, y + grid.cell / 2, grid.labelWidth - 6);
    });
  }
  for (let index = 0; index < sweep.count; index += 1) {
    if (sweep.captions) {
      const { x, y } = cellOrigin(grid, 0, index);
      const text = sweep.captions[index];
      const fits = ctx.measureText(text).width <= grid.cell + grid.gap;
      // A caption too wide for its image gives way to its last word ("digit 3" -> "3").
      ctx.fillStyle = ink;
      ctx.textAlign = "center";
      ctx.fillText(fits ? text : text.split(" ").pop(), x + grid.cell / 2, y - grid.caption / 2);
    }
    series.forEach(([, values], row) => {
      const { x, y } = cellOrigin(grid, row, index);
      const offset = index * rows * cols;
      for (let r = 0; r < rows; r += 1) {
        for (let c = 0; c < cols; c += 1) {
          const shade = grey(values[offset + r * cols + c], sweep.range);
          ctx.fillStyle = shade === null ? bad : `rgb(${shade}, ${shade}, ${shade})`;
          // Each pixel a little wider than its cell, so no seam shows between pixels.
          ctx.fillRect(x + c * pixel, y + r * pixel, pixel + 0.5, pixel + 0.5);
        }
      }
      // A frame, so a black image still shows its edge on the dark theme's card.
      ctx.strokeStyle = frame;
      ctx.strokeRect(x - 0.5, y - 0.5, cols * pixel + 1, rows * pixel + 1);
    });
  }
}

/** The scatter plot: the reference's points and the learner's in two panels (side by side,
 * or one above the other on a narrow screen), each with its own axes, coloured by label. */
function drawScatter(canvas, width, sweep, curve) {
  const wide = width >= 560;
  const panelWidth = wide ? Math.floor(width / 2) : width;
  const height = wide ? HEIGHT + 20 : 2 * (HEIGHT + 20);
  const ctx = context2d(canvas, width, height);
  const colours = labelColours(sweep.labels);
  [["Reference", sweep.reference.ys], ["Your code", curve.ys]].forEach(([name, values], panel) => {
    const box = { x: wide ? panel * panelWidth : 0, y: wide ? 0 : panel * (HEIGHT + 20), width: panelWidth };
    drawPanel(ctx, box, name, values, sweep, colours);
  });
}

/** One scatter panel: title, frame, ticks with their numbers, axis names, the points. */
function drawPanel(ctx, box, name, values, sweep, colours) {
  const ink = css("--ink", "#1d2330");
  const gridLine = css("--line", "#dde1e8");
  const xs = values.filter((_, i) => i % 2 === 0);
  const ys = values.filter((_, i) => i % 2 === 1);
  const xRange = extent(xs);
  const yRange = extent(ys);
  const yTicks = yRange ? niceTicks(...yRange, 4) : [];
  // Room left of the frame for the widest y tick ("-3.6e57") and the axis name; right of it
  // for half the last x tick.
  const tickWidth = Math.max(0, ...yTicks.map((tick) => ctx.measureText(shortNumber(tick)).width));
  const left = box.x + Math.max(52, Math.ceil(tickWidth) + 26);
  const top = box.y + 24;
  const right = box.x + box.width - 24;
  const bottom = box.y + HEIGHT - 16;
  ctx.fillStyle = ink;
  ctx.textAlign = "left";
  ctx.fillText(name, left, box.y + 10);
  ctx.strokeStyle = gridLine;
  ctx.strokeRect(left, top, right - left, bottom - top);
  if (!xRange || !yRange) {
    ctx.textAlign = "center";
    ctx.fillText("no finite points", (left + right) / 2, (top + bottom) / 2);
    return;
  }
  const px = (x) => left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (right - left);
  const py = (y) => bottom - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - top);
  ctx.textAlign = "center";
  const widest = ctx.measureText(shortNumber(-Math.max(Math.abs(xRange[0]), Math.abs(xRange[1])))).width;
  for (const tick of niceTicks(...xRange, Math.max(2, Math.min(6, Math.floor((right - left) / (widest + 24)))))) {
    ctx.fillStyle = ink;
    ctx.fillText(shortNumber(tick), px(tick), bottom + 10);
    ctx.fillStyle = gridLine;
    ctx.fillRect(px(tick), top, 1, bottom - top);
  }
  ctx.textAlign = "right";
  for (const tick of yTicks) {
    ctx.fillStyle = ink;
    ctx.fillText(shortNumber(tick), left - 4, py(tick));
    ctx.fillStyle = gridLine;
    ctx.fillRect(left, py(tick), right - left, 1);
  }
  ctx.fillStyle = ink;
  ctx.textAlign = "center";
  ctx.fillText(sweep.x_label, (left + right) / 2, bottom + 26);
  ctx.save();
  ctx.translate(box.x + 10, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(sweep.y_label, 0, 0);
  ctx.restore();
  sweep.labels.forEach((label, i) => {
    const x = finiteNumber(xs[i]);
    const y = finiteNumber(ys[i]);
    if (x === null || y === null) return;
    ctx.fillStyle = colours.get(label);
    ctx.beginPath();
    ctx.arc(px(x), py(y), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  });
}

/** The colour of each label, under the scatter plot. */
function scatterLegend(sweep) {
  const legend = document.createElement("ul");
  legend.className = "plot-legend";
  const title = document.createElement("li");
  title.textContent = `${sweep.label_name}:`;
  legend.append(title);
  for (const [label, colour] of labelColours(sweep.labels)) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "plot-swatch";
    swatch.style.background = colour;
    item.append(swatch, document.createTextNode(label));
    legend.append(item);
  }
  return legend;
}
