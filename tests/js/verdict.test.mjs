// Unit tests of the page's verdict, on literal results: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRunResult } from "../../web/static/contract.mjs";
import { isSolved, stopResult } from "../../web/static/verdict.mjs";

const row = (id, outcome) => ({ id, name: id, outcome, message: "", traceback: [], line: null,
                                duration_ms: 0, stdout: "" });
const result = (rows, stop = null) => ({
  rows, stop, stdout: "", duration_ms: 1, diagnosis: null, tainted: false,
  passed: rows.filter((r) => r.outcome === "passed").length,
  total: rows.filter((r) => !["skipped", "xfailed", "xpassed"].includes(r.outcome)).length,
});
const expected = ["test_a[1]", "test_a[2]", "test_b"].map((id) => ({ id, name: id, outcome: "passed" }));

test("every expected row passed: solved", () => {
  assert.equal(isSolved(result([row("test_a[1]", "passed"), row("test_a[2]", "passed"), row("test_b", "passed")]),
                        expected), true);
});

test("one failing case of a parametrized test: not solved", () => {
  assert.equal(isSolved(result([row("test_a[1]", "failed"), row("test_a[2]", "passed"), row("test_b", "passed")]),
                        expected), false);
});

test("a missing row: not solved, even with everything shown passing", () => {
  assert.equal(isSolved(result([row("test_a[2]", "passed"), row("test_b", "passed")]), expected), false);
});

test("an extra row: not solved", () => {
  const rows = [row("test_a[1]", "passed"), row("test_a[2]", "passed"), row("test_b", "passed"), row("x", "passed")];
  assert.equal(isSolved(result(rows), expected), false);
});

test("a skip or expected failure where the reference passed: not solved", () => {
  for (const hidden of ["skipped", "xfailed", "xpassed"]) {
    assert.equal(isSolved(result([row("test_a[1]", hidden), row("test_a[2]", "passed"), row("test_b", "passed")]),
                          expected), false, hidden);
  }
});

test("skips and expected failures where the reference had them too count neither way", () => {
  const reference = [{ id: "test_a[1]", outcome: "skipped" }, { id: "test_a[2]", outcome: "xfailed" },
                     { id: "test_b", outcome: "passed" }];
  assert.equal(isSolved(result([row("test_a[1]", "skipped"), row("test_a[2]", "xfailed"), row("test_b", "passed")]),
                        reference), true);
  assert.equal(isSolved(result([row("test_a[1]", "skipped"), row("test_a[2]", "xfailed"), row("test_b", "skipped")]),
                        reference), false);
});

test("a stop is never solved", () => {
  const rows = [row("test_a[1]", "passed"), row("test_a[2]", "passed"), row("test_b", "passed")];
  assert.equal(isSolved(result(rows, { kind: "interrupted", message: "x" }), expected), false);
});

test("nothing counted is never solved", () => {
  assert.equal(isSolved(result([row("test_b", "skipped")]), [{ id: "test_b", outcome: "skipped" }]), false);
});

test("malformed results are rejected", () => {
  assert.equal(isRunResult(null), false);
  assert.equal(isRunResult({ rows: "x", passed: 0, total: 0, stop: null }), false);
  assert.equal(isRunResult({ rows: [row("a", "won")], passed: 1, total: 1, stop: null }), false);
  assert.equal(isRunResult({ rows: [row("a", "passed")], passed: "1", total: 1, stop: null }), false);
  assert.equal(isRunResult(result([row("a", "passed")])), true);
});

test("a stopped run lists every expected row as not run", () => {
  const stopped = stopResult("timeout", "Stopped after 10 s", expected);
  assert.deepEqual(stopped.rows.map((r) => [r.id, r.outcome, r.message]),
                   [["test_a[1]", "error", "not run"], ["test_a[2]", "error", "not run"], ["test_b", "error", "not run"]]);
  assert.equal(stopped.timedOut, true);
  assert.equal(isRunResult(stopped), true);
  assert.equal(isSolved(stopped, expected), false);
});

test("points: the author's weights from expected, passed rows earn, skipped rows do not count", async () => {
  const { pointsOf, pointsText } = await import("../../web/static/verdict.mjs");
  const weights = [{ id: "test_a[1]", name: "a1", outcome: "passed", points: 3 },
                   { id: "test_a[2]", name: "a2", outcome: "passed", points: 3 },
                   { id: "test_b", name: "b", outcome: "skipped", points: 44 },
                   { id: "test_c", name: "c", outcome: "passed", points: 0.5 }];
  // The rows' own points are the learner runtime's: the config's weights win over them.
  const rows = [row("test_a[1]", "passed"), { ...row("test_a[2]", "failed"), points: 1000 },
                row("test_b", "skipped"), row("test_c", "passed")];
  const score = pointsOf(result(rows), weights);
  assert.deepEqual(score, { earned: 3.5, total: 6.5, percent: 54, weighted: true });
  assert.equal(pointsText(score), "3.5 of 6.5 points, 54%");
  assert.equal(pointsText(pointsOf(result([row("x", "passed")]), [{ id: "x", points: 1 }])), "1 of 1 point, 100%");
});

test("points: without weights each row is 1 point, so the score is passed/total", async () => {
  const { pointsOf } = await import("../../web/static/verdict.mjs");
  const rows = [row("test_a[1]", "passed"), row("test_a[2]", "failed"), row("test_b", "passed")];
  assert.deepEqual(pointsOf(result(rows), expected), { earned: 2, total: 3, percent: 67, weighted: false });
  assert.deepEqual(pointsOf({ passed: 1, total: 2 }), { earned: 1, total: 2, percent: 50, weighted: false });
});

test("a run that never reported carries the expected rows' points", () => {
  const stopped = stopResult("timeout", "too slow", [{ id: "a", name: "A", points: 4 }, { id: "b", name: "B" }]);
  assert.deepEqual(stopped.rows.map((r) => r.points), [4, 1]);
  assert.equal(stopped.points_earned, 0);
  assert.equal(stopped.points_total, 5);
  assert.equal(isRunResult(stopped), true);
});
