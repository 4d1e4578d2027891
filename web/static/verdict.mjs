// The page's verdict on a run's result (solved or not) and the result of a run that never
// reported. The result's shape is validated in contract.mjs.

import { isRunResult } from "./contract.mjs";

// Shown, but neither passed nor failed.
export const NOT_COUNTED = ["skipped", "xfailed", "xpassed"];

/** Solved: nothing stopped the run, no row failed, at least one counted, exactly the rows
 *  the reference's run gave (`expected`, [{id, name, outcome}]) ran, and every row the
 *  reference passed passed: learner code can skip or xfail the inputs it gets wrong, so a
 *  skip counts as a pass only where the reference skipped too. (The runtime already turns
 *  such rows into failures, session.py; this holds even for a result that did not.) */
export function isSolved(result, expected) {
  if (!isRunResult(result) || result.stop || result.total === 0) return false;
  if (result.rows.some((row) => row.outcome !== "passed" && !NOT_COUNTED.includes(row.outcome))) return false;
  const ids = result.rows.map((row) => row.id).sort();
  const want = (expected || []).map((row) => row.id).sort();
  if (ids.length !== want.length || !ids.every((id, index) => id === want[index])) return false;
  const outcome = new Map(result.rows.map((row) => [row.id, row.outcome]));
  // An expected row without an outcome (data of an older build) must pass: the strict reading.
  return expected.every((row) => (row.outcome || "passed") !== "passed" || outcome.get(row.id) === "passed");
}

/** The result of a run that never reported (timed out, crashed, could not start): every
 *  expected row "not run", and why. */
export function stopResult(kind, message, expected) {
  const rows = (expected || []).map(({ id, name }) => ({
    id, name, outcome: "error", message: "not run", traceback: [], line: null, duration_ms: 0, stdout: "" }));
  return { rows, passed: 0, total: rows.length, stop: { kind, message, traceback: [], line: null },
           stdout: "", duration_ms: 0, diagnosis: null, tainted: false, timedOut: kind === "timeout" };
}
