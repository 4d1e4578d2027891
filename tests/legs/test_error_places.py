"""Issue 31: a reference that fails a test, and a flaky test, are named by the test's file
and line (and the assertion's line), not only by the display name learners read."""
from __future__ import annotations

from projects import as_printed, write_problem

from exercisekit.check import check_all

TESTS = '''import math

from halve import halve


def test_small():
    assert halve(4) == 2, "halve(4) should be 2"


def test_odd():
    got = halve(3)
    assert math.isclose(got, 1.5), f"halve(3) should be 1.5, got {got}"
'''
FLAKY = '''

def test_seeded():
    assert hash("seed-dependent") % 2 == 0, "depends on the hash seed"
'''


def halve(root, reference="def halve(x):\n    return x / 2\n", tests=TESTS, names=None):
    return write_problem(root, "halve", tests=tests, reference=reference,
                         names=names or {"test_small": "Halves 4", "test_odd": "Halves an odd number"},
                         wrong={"floor": "def halve(x):\n    return x // 2 + 1\n"})


def test_a_failing_reference_names_the_tests_file_line_and_assertion(tmp_path):
    halve(tmp_path, reference="def halve(x):\n    return x // 2\n")
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    (error,) = [e for e in report.errors if "the reference fails" in e.message]
    assert error.message == ("the reference fails 'Halves an odd number': halve(3) should be 1.5, "
                             "got 1 (test `test_odd` at hidden_tests/halve/test_halve.py:10, its assertion at line 12)")


def test_a_flaky_test_is_named_by_its_file_and_line(tmp_path):
    halve(tmp_path, tests=TESTS + FLAKY, names={"test_small": "Halves 4", "test_odd": "Halves an odd number",
                                                "test_seeded": "Seeded"})
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    flaky = [e for e in report.errors if e.message.startswith("flaky test 'Seeded' (`test_seeded`)")]
    assert flaky, [str(e) for e in report.errors]
    assert {(str(e.file), e.line) for e in flaky} == {("hidden_tests/halve/test_halve.py", 15)}
