// Unit tests of how result rows are grouped: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { firstProblem, groupRows, groupTitle } from "../../web/static/result_groups.mjs";
import { stopResult } from "../../web/static/verdict.mjs";

const row = (id, outcome, message = "", traceback = []) => ({
  id, name: id, outcome, message, traceback, line: null, duration_ms: 0, stdout: "" });
const NAME_ERROR = "NameError: name 'np' is not defined";
const TB = ["line 3, in f: return np.sum(x)"];

test("rows that failed the same way are one group, at the place of the first", () => {
  const rows = [row("a", "passed"), row("b", "error", NAME_ERROR, TB), row("c", "failed", "assert 1 == 2"),
                row("d", "error", NAME_ERROR, TB), row("e", "error", NAME_ERROR, TB)];
  const items = groupRows(rows);
  assert.deepEqual(items.map((item) => [item.kind, item.rows.map((r) => r.id)]),
                   [["row", ["a"]], ["group", ["b", "d", "e"]], ["row", ["c"]]]);
  assert.equal(groupTitle(items[1]), `3 tests: ${NAME_ERROR}`);
  assert.equal(firstProblem(items), items[1]);
});

test("the same message from another line, or with another outcome, is not the same failure", () => {
  const items = groupRows([row("a", "error", NAME_ERROR, TB), row("b", "error", NAME_ERROR, ["line 9, in g: np"]),
                           row("c", "failed", NAME_ERROR, TB)]);
  assert.deepEqual(items.map((item) => item.kind), ["row", "row", "row"]);
});

test("passed rows and rows without a message stay rows, each on its own", () => {
  const rows = [row("a", "passed"), row("b", "passed"), row("c", "skipped"), row("d", "skipped")];
  assert.deepEqual(groupRows(rows).map((item) => [item.kind, item.rows.length]),
                   [["row", 1], ["row", 1], ["row", 1], ["row", 1]]);
  assert.equal(firstProblem(groupRows(rows)), null);
});

test("after a stop, the rows never run are one line; every row is kept", () => {
  const expected = ["t1", "t2", "t3"].map((id) => ({ id, name: id }));
  const items = groupRows(stopResult("timeout", "Stopped after 10 s", expected).rows);
  assert.equal(items.length, 1);
  assert.equal(items[0].kind, "not-run");
  assert.deepEqual(items[0].rows.map((r) => r.id), ["t1", "t2", "t3"]);
  assert.equal(groupTitle(items[0]), "3 tests not run");
  // A single row never run is just that row.
  assert.equal(groupRows([row("x", "error", "not run")])[0].kind, "row");
});

test("a multi-line message is titled by its first line", () => {
  const message = "assert 13.0 == 6.5\n where 13.0 = f(x)";
  const items = groupRows([row("a", "failed", message), row("b", "failed", message)]);
  assert.equal(groupTitle(items[0]), "2 tests: assert 13.0 == 6.5");
});
