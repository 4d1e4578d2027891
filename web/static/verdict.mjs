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

/** The score of `result`: the points of the rows that passed (`earned`) over those of the rows
 *  that count (`total`), `percent` of it rounded, and whether the problem weights its tests
 *  (`weighted`: some row is worth other than 1 point). A row's points are the author's, from
 *  `expected` (the page's config); else the row's own (the runtime sets them); else 1 (a
 *  result saved by an older build). A result without rows counts passed/total. */
export function pointsOf(result, expected) {
  if (!result || !Array.isArray(result.rows)) {
    const total = (result && result.total) || 0;
    const earned = (result && result.passed) || 0;
    return { earned, total, percent: total > 0 ? Math.round((earned / total) * 100) : 0, weighted: false };
  }
  const authored = new Map((expected || []).map((row) => [row.id, row.points]));
  let earned = 0;
  let total = 0;
  let weighted = (expected || []).some((row) => Number.isFinite(row.points) && row.points !== 1);
  for (const row of result.rows) {
    const given = authored.get(row.id);
    const points = Number.isFinite(given) ? given : Number.isFinite(row.points) ? row.points : 1;
    if (points !== 1) weighted = true;
    if (NOT_COUNTED.includes(row.outcome)) continue;
    total += points;
    if (row.outcome === "passed") earned += points;
  }
  const percent = total > 0 ? Math.min(100, Math.max(0, Math.round((earned / total) * 100))) : 0;
  return { earned, total, percent, weighted };
}

/** "49 of 50 points, 98%": how the page writes a score (points with at most two decimals). */
export function pointsText({ earned, total, percent }) {
  const number = (value) => String(Math.round(value * 100) / 100);
  return `${number(earned)} of ${number(total)} point${total === 1 ? "" : "s"}, ${percent}%`;
}

/** The result of a run that never reported (timed out, crashed, could not start): every
 *  expected row "not run", and why. */
export function stopResult(kind, message, expected) {
  const rows = (expected || []).map(({ id, name, points }) => ({
    id, name, outcome: "error", message: "not run", traceback: [], line: null, duration_ms: 0, stdout: "",
    points: Number.isFinite(points) ? points : 1 }));
  return { rows, passed: 0, total: rows.length, points_earned: 0,
           points_total: rows.reduce((sum, row) => sum + row.points, 0),
           stop: { kind, message, traceback: [], line: null },
           stdout: "", duration_ms: 0, diagnosis: null, tainted: false, timedOut: kind === "timeout" };
}
