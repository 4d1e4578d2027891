"""`check` runs a statement's Example against the reference in both legs (issue 20, point 3):
a wrong stated value is an error at its line, a right one passes, an Example in no form
check can read is a note; and the reading and comparing of stated outputs on their own."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from projects import as_printed, write_problem

from exercisekit.check import CPYTHON, IN_PYODIDE, RunKey, check_all, run_check
from exercisekit.check.examples import UNREADABLE, agrees, doctest_cases, literal

SLUG = "vae_elbo_loss"
STATEMENT = Path("exercise") / SLUG / "statement.md"
FIX = "fix the expected value in the statement or the reference"


def statement_of(project: Path) -> Path:
    return project / STATEMENT


def line_of(text: str, start: str) -> int:
    """The 1-based line of the first line of `text` that starts with `start`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_wrong_expected_value_is_an_error_at_its_line_with_both_values_and_the_fix(project):
    statement = statement_of(project)
    text = statement.read_text().replace("result  = 0.0", "result  = 0.5")
    statement.write_text(text)
    (report,) = as_printed(check_all(project, pyodide=False), project)
    (error,) = report.errors
    assert (error.file, error.line) == (STATEMENT, line_of(text, "result  = 0.5"))
    assert error.message == "the Example states `result` is `0.5`, but the reference gives `0.0`"
    assert error.fix == FIX
    lines: list[str] = []
    assert run_check(project, out=lines.append, pyodide=False) == 1
    assert f"{STATEMENT}:{error.line}: the Example states" in "\n".join(lines)


def test_the_right_value_passes_in_both_legs_each_running_the_example(project):
    (report,) = as_printed(check_all(project), project)
    assert report.ok, [str(e) for e in report.errors]
    at = line_of(statement_of(project).read_text(), "result  =")
    # Each leg ran the Example's snippet against the reference itself: its own answer, per leg.
    assert {key.leg for key in report.examples} == {CPYTHON, IN_PYODIDE}
    for leg in (CPYTHON, IN_PYODIDE):
        assert report.examples[RunKey(leg, f"example:{at}")]["value"] == "0.0"
    assert report.notes == []


def test_the_pyodide_legs_answer_is_the_one_judged_there(project):
    # New inputs the hidden tests never use, on which the reference errs only in Pyodide.
    statement = statement_of(project)
    text = statement.read_text().replace("x       = [[1, 0]]", "x       = [[7, 0]]").replace(
        "result  = 0.0", "result  = 36.0")
    statement.write_text(text)
    reference = project / "solutions" / SLUG / "reference.py"
    reference.write_text(reference.read_text().replace(
        "    return float(", "    import sys\n    if sys.platform == 'emscripten' and x[0, 0] == 7:\n"
                            "        return 35.0\n    return float("))
    (report,) = as_printed(check_all(project), project)
    at = line_of(text, "result  = 36.0")
    assert report.examples[RunKey(CPYTHON, f"example:{at}")]["value"] == "36.0"
    assert report.examples[RunKey(IN_PYODIDE, f"example:{at}")]["value"] == "35.0"
    (error,) = report.errors
    assert (error.file, error.line, error.fix) == (STATEMENT, at, FIX)
    assert error.message == "the Example states `result` is `36.0`, but the reference gives `35.0` in Pyodide"


def test_an_example_check_cannot_read_is_a_note_not_an_error(project):
    statement = statement_of(project)
    text = statement.read_text()
    block = re.search(r"```text\n.*?```\n", text, re.S)
    assert block is not None
    statement.write_text(text.replace(block.group(0), "With a perfect reconstruction and the prior as the "
                                                     "posterior, the loss is 0.\n"))
    (report,) = as_printed(check_all(project, pyodide=False), project)
    assert report.ok and report.examples == {}
    assert report.notes == [f"{STATEMENT}: {UNREADABLE}"]
    lines: list[str] = []
    assert run_check(project, out=lines.append, pyodide=False) == 0
    assert f"    note: {STATEMENT}: Example: not in a form check can run (see AUTHORING.md)" in lines


def test_an_example_that_raises_against_the_reference_names_its_line_and_the_error(project):
    statement = statement_of(project)
    text = statement.read_text().replace("mu      = [[0, 0]]", "mu      = [[0, 0, 0]]")
    statement.write_text(text)
    (error,) = as_printed(check_all(project, pyodide=False), project)[0].errors
    assert (error.file, error.line) == (STATEMENT, line_of(text, "result  ="))
    assert error.message.startswith("the Example's `result` cannot run against the reference: ValueError")
    assert "fix the Example's code in the statement" in error.fix


COUNTER = "class Counter:\n    def __init__(self):\n        self.n = 0\n\n    def add(self, k):\n        self.n += k\n"
COUNTER_TESTS = ("from counter import Counter\n\n\ndef test_add():\n    c = Counter()\n    c.add(2)\n"
                 "    assert c.n == 2, f'expected 2, got {c.n}'\n")


@pytest.mark.parametrize("stated, ok", [("5", True), ("5.0000001", True), ("6", False)])
def test_doctest_lines_are_run_in_order_and_compared(tmp_path, stated, ok):
    write_problem(tmp_path, "counter", tests=COUNTER_TESTS, names={"test_add": "Adds"}, reference=COUNTER,
                  function="Counter", starter="class Counter:\n    pass\n",
                  wrong={"ignores": "class Counter:\n    def __init__(self):\n        self.n = 0\n\n"
                                    "    def add(self, k):\n        pass\n"})
    statement = tmp_path / "exercise" / "counter" / "statement.md"
    statement.write_text("# Counter\n\n## Example\n\n```python\n>>> c = Counter()\n>>> c.add(2)\n>>> c.add(3)\n"
                         f">>> c.n\n{stated}\n```\n\n## Notes\n\n```python\n>>> c.n\n99\n```\n")
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    assert [key.target for key in report.examples] == ["example:9"]   # the Notes' block is no Example
    assert report.ok is ok, [str(e) for e in report.errors]
    if not ok:
        (error,) = report.errors
        assert (str(error.file), error.line) == ("exercise/counter/statement.md", 10)   # the stated value's line
        assert error.message == "the Example states `c.n` is `6`, but the reference gives `5`"


def test_doctest_reading():
    lines = [">>> a = f(1,", "...       2)", ">>> a", "array([1., 2.])", "", ">>> print('x')", "x",
             ">>> g()", ">>> a + 1", "[2, 3]", "[4]"]
    cases = doctest_cases(10, lines)
    assert [(c.line, c.shown, c.expected) for c in cases] == [(13, "a", "array([1., 2.])"), (16, "print('x')", "x"),
                                                           (19, "a + 1", "[2, 3]\n[4]")]
    assert "a = f(1,\n      2)\na\nprint('x')\ng()\n__example_plain((\na + 1\n))" in cases[-1].snippet


@pytest.mark.parametrize("stated, value, same", [
    ("1.3862944", "1.3862943611198906", True),
    ("1.3863", "1.3862943611198906", False),          # rounded past the tolerance: write 7 digits
    ("0.0", "1e-12", True),
    ("[3.125]", "[3.125]", True),
    ("array([3.125])", "[3.125]", True),
    ("np.float64(2.5)", "2.5", True),
    ("(2, [2, 10])", "(2, [2.0, 10.0])", True),
    ("[2, 10]", "[2.0, 10.0, 0.0]", False),
    ("{'a': [1.0]}", "{'a': [1.0000000001]}", True),
    ("{'a': 1}", "{'b': 1}", False),
    ("nan", "nan", True),
    ("[-inf, 1]", "[-inf, 1.0]", True),
    ("nan", "inf", False),
    ("hello world", "hello world", True),              # not a literal: compared as text
    ("<Counter n=2>", "<Counter n=3>", False),
])
def test_stated_outputs_compare_numerically_or_as_text(stated, value, same):
    assert agrees(stated, value, 1e-6) is same


def test_literals_read_numpy_reprs_and_non_finite_values():
    assert literal("array([[1., 0.]], dtype=float32)") == [[1.0, 0.0]]
    assert math.isnan(literal("float('nan')")) and literal("-np.inf") == -math.inf
    with pytest.raises(ValueError):
        literal("f(1)")
