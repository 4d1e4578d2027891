"""Every test case counts, under CPython and in Pyodide: parametrized cases and unittest
methods are rows of their own, skips and expected failures count neither way, and a suite
that collects nothing fails `check`. One `check_all` over several small problems runs
both legs (a Pyodide boot is the expensive part)."""
from __future__ import annotations

import pytest
from projects import link_build_inputs, write_problem

from exercisekit.check import PYODIDE, check_all

PARAMETRIZED = '''
import pytest
from param_first_case import double


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_double(n):
    assert double(n) == 2 * n


@pytest.mark.skip(reason="shown, not counted")
def test_later():
    assert False


@pytest.mark.xfail(reason="a known limitation")
def test_known_limitation():
    assert double("a") == 2


@pytest.mark.xfail(reason="was a limitation once")
def test_fixed_limitation():
    assert double(1) == 2
'''

UNITTEST = '''
import unittest

from unit_style import mean


class TestMean(unittest.TestCase):
    def setUp(self):
        self.values = [1.0, 2.0, 6.0]

    def test_value(self):
        self.assertAlmostEqual(mean(self.values), 3.0)

    def test_subtests(self):
        for values, want in (([1.0], 1.0), ([2.0, 4.0], 3.0)):
            with self.subTest(values=values):
                self.assertAlmostEqual(mean(values), want)

    def test_empty_raises(self):
        with self.assertRaises(ValueError):
            mean([])
'''


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = link_build_inputs(tmp_path_factory.mktemp("grading"))
    write_problem(root, "param_first_case", tests=PARAMETRIZED,
                  names={"test_double": "Doubles", "test_later": "Later", "test_known_limitation": "Known",
                         "test_fixed_limitation": "Fixed"},
                  reference="def double(n):\n    return 2 * n\n",
                  # Wrong only for n = 0: the first case of four catches it, no other test does.
                  wrong={"wrong_at_zero": "def double(n):\n    return 2 * n if n else 1\n"},
                  function="double")
    write_problem(root, "unit_style", tests=UNITTEST,
                  names={"TestMean::test_value": "Mean of three values", "TestMean::test_subtests": "Small lists",
                         "TestMean::test_empty_raises": "An empty list raises ValueError"},
                  reference="def mean(values):\n    if not values:\n        raise ValueError('empty')\n"
                            "    return sum(values) / len(values)\n",
                  wrong={"no_empty_check": "def mean(values):\n    return sum(values) / max(len(values), 1)\n"},
                  function="mean")
    write_problem(root, "collects_nothing", tests="from collects_nothing import f\n\n\ndef helper():\n    pass\n",
                  names={}, reference="def f():\n    return 1\n", function="f")
    return {report.slug: report for report in check_all(root, pyodide=True)}


LEGS = ["", PYODIDE]


@pytest.mark.parametrize("leg", LEGS)
def test_each_parametrized_case_is_a_row_named_by_its_parameters(reports, leg):
    report = reports["param_first_case"]
    assert report.ok, report.errors
    rows = report.results[leg + "reference"]["rows"]
    assert [(row["name"], row["outcome"]) for row in rows] == [
        ("Doubles [n=0]", "passed"), ("Doubles [n=1]", "passed"), ("Doubles [n=2]", "passed"),
        ("Doubles [n=3]", "passed"), ("Later", "skipped"), ("Known", "xfailed"), ("Fixed", "xpassed")]
    assert report.results[leg + "reference"]["passed"] == report.results[leg + "reference"]["total"] == 4


@pytest.mark.parametrize("leg", LEGS)
def test_a_wrong_solution_caught_by_the_first_case_only_is_caught(reports, leg):
    result = reports["param_first_case"].results[leg + "wrong/wrong_at_zero"]
    assert [row["name"] for row in result["rows"] if row["outcome"] == "failed"] == ["Doubles [n=0]"]
    assert result["passed"] == 3 and result["total"] == 4


def test_the_page_expects_every_case(reports):
    assert [row["id"] for row in reports["param_first_case"].expected] == [
        "test_double[0]", "test_double[1]", "test_double[2]", "test_double[3]", "test_later",
        "test_known_limitation", "test_fixed_limitation"]


@pytest.mark.parametrize("leg", LEGS)
def test_unittest_suites_run_with_setup_subtests_and_assert_raises(reports, leg):
    report = reports["unit_style"]
    assert report.ok, report.errors
    rows = report.results[leg + "reference"]["rows"]
    assert [(row["id"], row["name"], row["outcome"]) for row in rows] == [
        ("TestMean::test_value", "Mean of three values", "passed"),
        ("TestMean::test_subtests", "Small lists", "passed"),
        ("TestMean::test_empty_raises", "An empty list raises ValueError", "passed")]
    wrong = report.results[leg + "wrong/no_empty_check"]
    assert [row["id"] for row in wrong["rows"] if row["outcome"] == "failed"] == ["TestMean::test_empty_raises"]
    starter = report.results[leg + "starter"]
    assert {row["outcome"] for row in starter["rows"]} == {"error"}
    assert "NotImplementedError" in starter["rows"][0]["message"]


def test_a_suite_that_collects_no_test_fails_check(reports):
    report = reports["collects_nothing"]
    assert not report.ok
    assert any(error.message == "no hidden test was collected" for error in report.errors), report.errors
