// Which result rows the page shows together: rows that failed the same way (same outcome,
// same message, same traceback) become one group, and rows a stopped run never ran
// ("not run") become one line. Pure, so it is unit-tested under Node
// (tests/js/result_groups.test.mjs); results_view.mjs draws what this returns.

/** The message a run that never reported gives every row (verdict.mjs stopResult). */
export const NOT_RUN = "not run";

// Rows that passed say nothing beyond their name; only rows with something to say repeat.
const groupable = (row) => row.outcome !== "passed" && Boolean(row.message || (row.traceback || []).length);
const keyOf = (row) => JSON.stringify([row.outcome, row.message || "", row.traceback || []]);

/**
 * The rows in display order as items: {kind: "row", rows: [row]} for a row shown on its own,
 * {kind: "group", rows} for two or more rows that failed the same way (shown once, at the
 * place of the first), {kind: "not-run", rows} for two or more rows a stopped run never ran.
 * Every row is in exactly one item, and the order of the rows within the items is theirs.
 */
export function groupRows(rows) {
  const items = [];
  const byKey = new Map();
  for (const row of rows) {
    if (!groupable(row)) { items.push({ kind: "row", rows: [row] }); continue; }
    const key = keyOf(row);
    const item = byKey.get(key);
    if (item) { item.rows.push(row); continue; }
    const fresh = { kind: "row", rows: [row] };
    byKey.set(key, fresh);
    items.push(fresh);
  }
  for (const item of byKey.values()) {
    if (item.rows.length < 2) continue;
    item.kind = item.rows[0].message === NOT_RUN && !(item.rows[0].traceback || []).length ? "not-run" : "group";
  }
  return items;
}

/** What a group's line says: "7 tests: NameError: name 'np' is not defined", "15 tests not run". */
export function groupTitle(item) {
  const count = `${item.rows.length} test${item.rows.length === 1 ? "" : "s"}`;
  if (item.kind === "not-run") return `${count} ${NOT_RUN}`;
  const firstLine = (item.rows[0].message || "").split("\n")[0];
  return firstLine ? `${count}: ${firstLine}` : count;
}

/** The first item a learner should see after a run: the first that did not pass, or null. */
export function firstProblem(items) {
  return items.find((item) => item.rows.some((row) => row.outcome === "failed" || row.outcome === "error")) || null;
}
