// The one declared shape, on the JavaScript side, of the data that crosses the worker and
// process boundaries: validators used by the page, the worker client and the Node scripts.
// The Python side declares the same shapes in exercisekit/runtime/ (results.py, session.py).

export const OUTCOMES = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"];

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
