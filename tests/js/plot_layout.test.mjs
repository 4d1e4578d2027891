// Unit tests of the image and scatter plots' pure parts, on literal inputs: the grid of an
// images plot, pixel greys, axis ranges and ticks, label colours, and the text alternatives.
// `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellOrigin, extent, grey, imageGrid, labelColours, niceTicks, orderedLabels, PALETTE, shortNumber }
  from "../../web/static/plot_layout.mjs";
import { imagesText, plotText, scatterText } from "../../web/static/panels.mjs";

test("ten images on a desktop: one block, cells at their largest", () => {
  const grid = imageGrid({ count: 10, rows: 3, width: 640, captions: true });
  assert.equal(grid.blocks, 1);
  assert.equal(grid.columns, 10);
  assert.equal(grid.cell, 52);   // (640 - 76 - 9 gaps of 4) / 10, under the 56 px cap
  assert.equal(grid.height, 16 + 3 * 52 + 2 * 4);
  assert.deepEqual(cellOrigin(grid, 2, 9), { x: 76 + 9 * 56, y: 16 + 2 * 56 });
});

test("ten images on a phone: two balanced blocks of five, not eight and two", () => {
  const grid = imageGrid({ count: 10, rows: 2, width: 320 });
  assert.equal(grid.blocks, 2);
  assert.equal(grid.columns, 5);
  const first = cellOrigin(grid, 0, 4);
  const wrapped = cellOrigin(grid, 0, 5);
  assert.equal(wrapped.x, grid.labelWidth, "image 6 starts the second block");
  assert.equal(wrapped.y, grid.blockHeight + 12);
  assert.ok(first.x + grid.cell <= 320, "the fifth image fits the width");
  assert.equal(grid.height, 2 * grid.blockHeight + 12);
});

test("pixel greys are clipped to the range, and non-finite pixels have none", () => {
  assert.equal(grey(0, [0, 1]), 0);
  assert.equal(grey(1, [0, 1]), 255);
  assert.equal(grey(0.5, [0, 1]), 128);
  assert.equal(grey(8, [0, 16]), 128);
  assert.equal(grey(-3, [0, 1]), 0);
  assert.equal(grey(7, [0, 1]), 255);
  assert.equal(grey("nan", [0, 1]), null);
  assert.equal(grey("inf", [0, 1]), null);
  assert.equal(grey(null, [0, 1]), null);
});

test("an axis range skips what is not finite and widens a single value", () => {
  assert.deepEqual(extent([0, "nan", 10, null, "-inf"]), [-0.5, 10.5]);
  assert.deepEqual(extent([2, 2]), [1, 3]);
  assert.equal(extent(["nan", null]), null);
});

test("ticks are round, inside the range, and about as many as asked", () => {
  assert.deepEqual(niceTicks(-2.3, 1.4, 4), [-2, -1, 0, 1]);
  assert.deepEqual(niceTicks(-0.3, 0.25, 5), [-0.2, -0.1, 0, 0.1, 0.2]);
  assert.deepEqual(niceTicks(0, 1e17, 4), [0, 5e16, 1e17]);
  assert.deepEqual(niceTicks(1, 1, 4), []);
  assert.equal(shortNumber(-1.5525e58), "-1.6e58");
  assert.equal(shortNumber(0.6667), "0.667");
  assert.equal(shortNumber(0), "0");
});

test("labels: numbers in numeric order, one colour each", () => {
  assert.deepEqual(orderedLabels(["3", "10", "2", "3"]), ["2", "3", "10"]);
  assert.deepEqual(orderedLabels(["cat", "dog", "cat"]), ["cat", "dog"]);
  const colours = labelColours(["1", "0", "1"]);
  assert.deepEqual([...colours], [["0", PALETTE[0]], ["1", PALETTE[1]]]);
});

const images = { kind: "images", shape: [2, 2], count: 2, range: [0, 1], captions: ["digit 0", "digit 1"],
                 inputs: [0, 1, 1, 0, 1, 0, 0, 1], reference: { ys: [0, 1, 1, 0, 1, 0, 0, 1], errors: [] } };

test("images text: a match says so", () => {
  const text = plotText(images, { ys: images.reference.ys, errors: [], parts_at: [], distances: [0, 0] });
  assert.equal(text, "2 images of 2x2 pixels, 0 black to 1 white: the inputs, the reference's and your code's. " +
                     "Your images match the reference's.");
});

test("images text: how far the images are, on average and per image, and the pixels not finite", () => {
  const curve = { ys: [0.5, 0.5, 0.5, 0.5, "nan", 0, "inf", 1], errors: [], parts_at: [0, 1], distances: [0.5, null] };
  const text = imagesText(images, curve);
  assert.match(text, /Your code returns nan and inf for 2 pixels in 1 of 2 images: shown in the warning colour\./);
  assert.match(text, /differ visibly from the reference's in 2 of 2: by 50% of the pixel range on average \(of the 1 with finite pixels\)/);
  assert.match(text, /most in image 1 \(digit 0\), by 50%\. Per image: digit 0 50%, digit 1 not finite\./);
});

test("images text: code that raises is named", () => {
  const curve = { ys: Array(8).fill(null), errors: [{ x: null, message: "ValueError: got an array of shape (3,)" }],
                  parts_at: [], distances: [null, null] };
  assert.match(imagesText(images, curve), /Your code raises: ValueError: got an array of shape \(3,\)\./);
});

test("images text: images that differ with no pixel finite are still said to differ", () => {
  const curve = { ys: Array(8).fill("nan"), errors: [], parts_at: [0, 1], distances: [null, null] };
  assert.match(imagesText(images, curve), /returns nan for 8 pixels in 2 of 2 images.*differ visibly from the reference's in 2 of 2\./);
});

const scatter = { kind: "scatter", x_label: "mu 1", y_label: "mu 2", label_name: "digit", labels: ["0", "1", "0"],
                  reference: { ys: [0, 0, 1, 1, 2, 2], errors: [] } };
const summary = (means) => means.map(([label, count, finite, mean]) => ({ label, count, finite, mean }));

test("scatter text: points per label and each label's mean, when the points agree", () => {
  const text = scatterText(scatter, { ys: scatter.reference.ys, errors: [], parts_at: [],
                                      summary: summary([["0", 2, 2, [1, 1]], ["1", 1, 1, [1, 1]]]) });
  assert.equal(text, "3 points (mu 1, mu 2) coloured by digit: the reference's beside your code's. " +
                     "Points per digit: 0: 2, 1: 1. Your points lie on the reference's. " +
                     "Mean position per digit: 0 at (1, 1), 1 at (1, 1).");
});

test("scatter text: moved and non-finite points, the means set against the reference's", () => {
  const text = scatterText(scatter, {
    ys: [0, 0, 5, 5, "nan", 2], errors: [], parts_at: [1, 2],
    summary: summary([["0", 2, 1, [0, 0]], ["1", 1, 1, [5, 5]]]),
    reference_summary: summary([["0", 2, 2, [1, 1]], ["1", 1, 1, [1, 1]]]) });
  assert.match(text, /Your code returns nan for 1 of 3 points: not drawn\./);
  assert.match(text, /Your points differ from the reference's at 2 of 3 points\./);
  assert.match(text, /yours against the reference's: 0 at \(0, 0\) against \(1, 1\); 1 at \(5, 5\) against \(1, 1\)\./);
});

test("a plot that agrees while the same code fails tests says where to look, for every kind", () => {
  const line = { kind: "line", x_label: "x", xs: [0, 1, 2], reference: { ys: [0, 1, 2], errors: [] } };
  const same = { ys: [0, 1, 2], errors: [], parts_at: [] };
  assert.equal(plotText(line, same), "Your code against the reference, x from 0 to 2. Your curve lies on the reference's.");
  assert.equal(plotText(line, same, true), "Your code against the reference, x from 0 to 2. " +
                                           "Your curve lies on the reference's on this sweep; the failing tests differ elsewhere.");
  assert.match(plotText({ ...line, kind: "histogram" }, same, true),
               /Your samples follow the reference's on this sweep; the failing tests differ elsewhere\.$/);
  assert.match(plotText(images, { ys: images.reference.ys, errors: [], parts_at: [], distances: [0, 0] }, true),
               /Your images match the reference's on this sweep; the failing tests differ elsewhere\.$/);
  // A curve that parts from the reference's already says where: no extra sentence.
  assert.doesNotMatch(plotText(line, { ys: [0, 1, 5], errors: [], parts_at: [2] }, true), /differ elsewhere/);
});
