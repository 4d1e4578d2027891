// Which plots the page draws: a flat check only when the code departs from it, and one line
// instead of plots when the code raises at every point of every sweep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { curveDeparts, raisesEverywhere, sweepsToDraw } from "../../web/static/plots_panel.mjs";

const same = { name: "mu", ys: [0, 1], errors: [], parts_at: [] };
const flat = { name: "inputs_changed", ys: [0, 0], errors: [], parts_at: [] };
const sweeps = [{ name: "mu" }, { name: "inputs_changed", only_when_apart: true }];

test("a curve departs when it raises, is not finite or parts from the reference", () => {
  assert.equal(curveDeparts(same), false);
  assert.equal(curveDeparts({ ...same, parts_at: [1] }), true);
  assert.equal(curveDeparts({ ...same, ys: [0, "nan"] }), true);
  assert.equal(curveDeparts({ ...same, ys: [0, null], errors: [{ x: 1, message: "E" }] }), true);
});

test("a flat check is drawn only when the code departs from it", () => {
  assert.deepEqual(sweepsToDraw(sweeps, [same, flat]).map(([sweep]) => sweep.name), ["mu"]);
  const changed = { ...flat, ys: [0, 3], parts_at: [1] };
  assert.deepEqual(sweepsToDraw(sweeps, [same, changed]).map(([sweep]) => sweep.name), ["mu", "inputs_changed"]);
  assert.deepEqual(sweepsToDraw(sweeps, [flat]).map(([sweep]) => sweep.name), [], "a sweep without a curve is skipped");
});

test("one line instead of plots only when every point of every sweep raises", () => {
  const raising = (name) => ({ name, ys: [null, null], errors: [{ x: 0, message: "NameError: name 'np' is not defined" },
                                                                 { x: 1, message: "NameError: name 'np' is not defined" }],
                               parts_at: [0, 1] });
  assert.match(raisesEverywhere([raising("mu"), raising("inputs_changed")]),
               /^No plots: your code raises before returning a value at every point \(NameError: name 'np' is not defined\)/);
  assert.equal(raisesEverywhere([raising("mu"), same]), null);
  assert.equal(raisesEverywhere([{ ...raising("mu"), ys: [null, 1] }]), null, "one point returned: plot it");
  assert.equal(raisesEverywhere([]), null);
});
