// Pure helpers of the image and scatter plots (web/static/plot.js): where each image sits in
// its grid, the grey of a pixel, axis ranges and ticks, a colour per label. No DOM here, so
// Node's tests (tests/js/plot_layout.test.mjs) check them on literal inputs.

/** A y value as shipped (a number, "nan"/"inf"/"-inf", or null where it raised) as a finite
 * number, or null for everything a plot cannot place. */
export function finiteNumber(value) {
  const number = typeof value === "number" ? value : NaN;
  return Number.isFinite(number) ? number : null;
}

// Room for the row names ("Your code") left of the images, and the sizes of one image.
const LABEL_WIDTH = 76;
const GAP = 4;
const MIN_CELL = 30;
const MAX_CELL = 56;
const CAPTION_HEIGHT = 16;
const BLOCK_GAP = 12;

/**
 * The grid of an images plot `width` pixels wide: one row per series (`rows`), one column
 * per image, wrapped into blocks of balanced columns when the images would be smaller than
 * MIN_CELL (on a phone: two blocks of 5 rather than 8 and 2). Returns {labelWidth, gap,
 * cell, columns, blocks, caption, blockHeight, height}.
 */
export function imageGrid({ count, rows, width, captions = false }) {
  const room = Math.max(width - LABEL_WIDTH, MIN_CELL);
  const fit = Math.max(1, Math.floor((room + GAP) / (MIN_CELL + GAP)));
  const blocks = Math.ceil(count / Math.min(fit, count));
  const columns = Math.ceil(count / blocks);
  const cell = Math.max(8, Math.min(MAX_CELL, Math.floor((room - GAP * (columns - 1)) / columns)));
  const caption = captions ? CAPTION_HEIGHT : 0;
  const blockHeight = caption + rows * cell + (rows - 1) * GAP;
  return { labelWidth: LABEL_WIDTH, gap: GAP, cell, columns, blocks, caption, blockHeight,
           height: blocks * blockHeight + (blocks - 1) * BLOCK_GAP };
}

/** The top-left corner of image `index` in series `row` of `grid`. */
export function cellOrigin(grid, row, index) {
  const block = Math.floor(index / grid.columns);
  const column = index % grid.columns;
  return { x: grid.labelWidth + column * (grid.cell + grid.gap),
           y: block * (grid.blockHeight + BLOCK_GAP) + grid.caption + row * (grid.cell + grid.gap) };
}

/** The grey (0 black to 255 white) of a pixel value on `[lo, hi]`, clipped; null when the
 * value is not finite (drawn in a warning colour instead). */
export function grey(value, [lo, hi]) {
  const number = finiteNumber(value);
  if (number === null) return null;
  const share = Math.min(1, Math.max(0, (number - lo) / (hi - lo)));
  return Math.round(255 * share);
}

/** The finite range of `values`, widened by 5% each side (and around a single value), or
 * null when none is finite. */
export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    const number = finiteNumber(value);
    if (number === null) continue;
    lo = Math.min(lo, number);
    hi = Math.max(hi, number);
  }
  if (lo > hi) return null;
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(Math.abs(lo) * 0.1, 1);
  return [lo - pad, hi + pad];
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi]:
 * the step whose number of ticks comes closest to `count`, the wider one on a tie. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const inside = (s) => Math.floor(hi / s) - Math.ceil(lo / s) + 1;
  const step = [10, 5, 2, 1, 0.5].map((m) => m * power)
    .reduce((best, s) => (Math.abs(inside(s) - count) < Math.abs(inside(best) - count) ? s : best));
  const ticks = [];
  for (let tick = Math.ceil(lo / step) * step; tick <= hi + step * 1e-9; tick += step) {
    ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : tick);
  }
  return ticks;
}

/** A short text for a tick or a position: 3 significant digits, exponents for the huge. */
export function shortNumber(value) {
  if (value === 0) return "0";
  const size = Math.abs(value);
  if (size >= 1e5 || size < 1e-3) return value.toExponential(1).replace("e+", "e");
  return String(Number(value.toPrecision(3)));
}

// Ten colours told apart in both themes and by most colour-blind readers (Tableau 10,
// with its grey darkened so it shows on a white card).
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8c8c8c", "#17becf", "#bcbd22"];

/** The different labels in the order the legend lists them: numbers in numeric order, as
 * the runtime's summary does (exercisekit/runtime/sweeps.py, ordered_labels). */
export function orderedLabels(labels) {
  const unique = [...new Set(labels)];
  return unique.every((label) => label.trim() !== "" && Number.isFinite(Number(label)))
    ? unique.sort((a, b) => Number(a) - Number(b)) : unique;
}

/** Label -> colour, one of PALETTE each, in legend order. */
export function labelColours(labels) {
  return new Map(orderedLabels(labels).map((label, index) => [label, PALETTE[index % PALETTE.length]]));
}
