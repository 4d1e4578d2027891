// The page's side of a run's result: its shape and its verdict. The shape is
// RunResult.to_json() in exercisekit/runtime/results.py; tests/js/verdict.test.mjs and
// the browser tests keep the two in step.

export const OUTCOMES = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"];
// Shown, but neither passed nor failed.
export const NOT_COUNTED = ["skipped", "xfailed", "xpassed"];

/** Is `value` a run result as the runtime sends it? Anything else is ignored by the page. */
export function isRunResult(value) {
  if (!value || typeof value !== "object" || !Array.isArray(value.rows)) return false;
  if (!Number.isInteger(value.passed) || !Number.isInteger(value.total)) return false;
  if (value.stop !== null && (typeof value.stop !== "object" || typeof value.stop.kind !== "string")) return false;
  return value.rows.every((row) => row && typeof row.id === "string" && typeof row.name === "string"
    && OUTCOMES.includes(row.outcome));
}

/** Is `value` what Session.try_snippet (exercisekit/runtime/session.py) sends? */
export function isTryResult(value) {
  return Boolean(value) && typeof value === "object" && typeof value.stdout === "string"
    && (value.value === null || typeof value.value === "string")
    && (value.error === null || typeof value.error === "string") && Array.isArray(value.traceback);
}

/** Is `value` what Session.sweep_curves sends: the learner's curve on each sweep? */
export function isSweepResult(value) {
  return Boolean(value) && typeof value === "object" && Array.isArray(value.curves)
    && (value.error === null || typeof value.error === "string")
    && value.curves.every((c) => c && typeof c.name === "string" && Array.isArray(c.ys) && Array.isArray(c.errors));
}

/** Solved: nothing stopped the run, no row failed, at least one counted, and exactly the
 *  rows the reference's run gave (`expected`, [{id, name}]) ran. */
export function isSolved(result, expected) {
  if (!isRunResult(result) || result.stop || result.total === 0) return false;
  if (result.rows.some((row) => row.outcome !== "passed" && !NOT_COUNTED.includes(row.outcome))) return false;
  const ids = result.rows.map((row) => row.id).sort();
  const want = (expected || []).map((row) => row.id).sort();
  return ids.length === want.length && ids.every((id, index) => id === want[index]);
}

/** The result of a run that never reported (timed out, crashed, could not start): every
 *  expected row "not run", and why. */
export function stopResult(kind, message, expected) {
  const rows = (expected || []).map(({ id, name }) => ({
    id, name, outcome: "error", message: "not run", traceback: [], line: null, duration_ms: 0, stdout: "" }));
  return { rows, passed: 0, total: rows.length, stop: { kind, message, traceback: [], line: null },
           stdout: "", duration_ms: 0, diagnosis: null, tainted: false, timedOut: kind === "timeout" };
}
