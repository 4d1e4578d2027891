"""Skips are not passes (issue 18, point 3): learner code decides what pytest sees, so code
that calls pytest.skip(), pytest.xfail() or raises unittest.SkipTest on exactly the inputs
it gets wrong must not be solved. A row the reference's run passed must pass for the
learner's code; a row the reference itself skipped stays a skip for everyone."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from exercisekit.check.cpython import Failure, evaluate
from exercisekit.problems.data import expected_rows
from exercisekit.runtime.results import (
    FAILED,
    PASSED,
    SKIPPED,
    XFAILED,
    XPASSED,
    Row,
    RunResult,
    held_to_reference,
    result_from_json,
)

TESTS = '''
import unittest

import pytest

from sample import square


@pytest.mark.parametrize("x", [0, 1, 2, 3, -4])
def test_square(x):
    assert square(x) == x * x


def test_only_elsewhere():
    pytest.skip("this test runs only in the browser")


class TestSquare(unittest.TestCase):
    def test_negative(self):
        self.assertEqual(square(-3), 9)
'''
DATA = {"slug": "sample", "module": "sample", "function": "square", "time_limit": 10, "tolerance": 1e-6,
        "names": {"test_square": "Squares", "test_only_elsewhere": "Elsewhere", "TestSquare": "Negative"},
        "expected": None, "files": {"test_sample.py": {"text": TESTS}}, "starter": "", "hints": [],
        "probes": None, "mistakes": {}}
REFERENCE = "def square(x):\n    return x * x\n"
# Wrong for negative inputs and for 3; each hides what it gets wrong in its own way.
WRONG_BODY = "def square(x):\n    if x < 0 or x == 3:\n        {hide}\n    return x * x if x >= 0 else -x * x\n"
HIDING = {
    "pytest.skip": "import pytest; pytest.skip('not supported')",
    "pytest.xfail": "import pytest; pytest.xfail('known issue')",
    "unittest.SkipTest": "import unittest; raise unittest.SkipTest('later')",
}


def run(data: dict, codes: list[str]) -> list[RunResult]:
    """Evaluate each code in turn in one CPython session; the first is a trusted warm-up."""
    jobs = [{"problem": "sample", "code": code, "trusted": index == 0} for index, code in enumerate(codes)]
    failure = Failure(Path("tests"), "-", "the runtime failed", "-")
    return [result_from_json(r) for r in evaluate({"sample": data}, jobs, timeout=120, failure=failure)]


@pytest.fixture(scope="module")
def graded():
    """The reference's run (which gives `expected`, as check does), then every code."""
    (reference,) = run(DATA, [REFERENCE])
    data = copy.deepcopy(DATA)
    data["expected"] = expected_rows(reference.to_json())
    codes = [REFERENCE, *(WRONG_BODY.replace("{hide}", hide) for hide in HIDING.values()), REFERENCE]
    return data, run(data, codes)


def test_the_reference_run_records_each_rows_outcome(graded):
    data, _ = graded
    outcomes = {entry["id"]: entry["outcome"] for entry in data["expected"]}
    assert outcomes["test_only_elsewhere"] == SKIPPED
    assert outcomes["TestSquare::test_negative"] == PASSED
    assert [outcomes[f"test_square[{x}]"] for x in (0, 1, 2, 3, -4)] == [PASSED] * 5


@pytest.mark.parametrize("how", list(HIDING))
def test_wrong_code_that_hides_its_wrong_inputs_is_not_solved(graded, how):
    data, results = graded
    result = results[1 + list(HIDING).index(how)]
    ids = [entry["id"] for entry in data["expected"]]
    assert not result.all_passed(ids), how
    hidden = {"test_square[3]", "test_square[-4]", "TestSquare::test_negative"}
    by_id = {row.id: row for row in result.rows}
    for row_id in hidden:
        assert by_id[row_id].outcome == FAILED, (how, row_id, by_id[row_id])
        assert "the reference passes it" in by_id[row_id].message
    word = "skipped" if how != "pytest.xfail" else "expected failure"
    assert word in by_id["test_square[3]"].message
    # The k/n summary: the hidden rows count, as not passed; the reference's own skip does not.
    summary = result.to_json()
    assert (summary["passed"], summary["total"]) == (3, 6), how
    assert by_id["test_only_elsewhere"].outcome == SKIPPED


def test_the_reference_is_still_solved_with_its_own_skip(graded):
    data, results = graded
    ids = [entry["id"] for entry in data["expected"]]
    for result in (results[0], results[-1]):
        assert result.all_passed(ids)
        assert (result.to_json()["passed"], result.to_json()["total"]) == (6, 6)
        assert {row.id: row.outcome for row in result.rows}["test_only_elsewhere"] == SKIPPED


def test_held_to_reference_on_literal_rows():
    expected = [{"id": "a", "name": "a", "outcome": PASSED}, {"id": "b", "name": "b", "outcome": SKIPPED},
                {"id": "c", "name": "c", "outcome": PASSED}, {"id": "d", "name": "d", "outcome": XFAILED}]
    rows = [Row("a", "a", XPASSED, "expected to fail, but passed"), Row("b", "b", SKIPPED, "elsewhere"),
            Row("c", "c", PASSED), Row("d", "d", XFAILED)]
    held = held_to_reference(rows, expected)
    assert [row.outcome for row in held] == [FAILED, SKIPPED, PASSED, XFAILED]
    assert "marked as expected to fail" in held[0].message and "expected to fail, but passed" in held[0].message
    assert held_to_reference(rows, None) == rows   # while checking: no reference yet
