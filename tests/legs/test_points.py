"""Points per test (issue 23): [tests] entries may carry points; a run's result gets the
points earned and the points that count, in CPython and in Pyodide; `check` refuses points
that are not non-negative numbers, naming the file, the line and the fix."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ROOT, as_printed, link_build_inputs, write_problem

from exercisekit.check import check_all
from exercisekit.check.cpython import Failure, evaluate
from exercisekit.check.pyodide import run_in_pyodide
from exercisekit.problems.data import expected_rows, problem_data
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.project import Project


def test_check_reports_bad_points_in_problem_toml_at_their_line(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "twice", tests="from twice import twice\n\n\ndef test_a():\n    assert twice(2) == 4\n",
                  names={"test_a": "A"}, reference="def twice(x):\n    return 2 * x\n")
    meta = root / "exercise" / "twice" / "problem.toml"
    meta.write_text(meta.read_text().replace('"test_a" = "A"', '"test_a" = {title = "A", points = -2}'))
    (report,) = as_printed(check_all(root, pyodide=False), root)
    assert not report.ok
    [error] = report.errors
    assert error.file == Path("exercise/twice/problem.toml") and error.line == meta.read_text().count("\n")
    assert "non-negative" in error.message and "points = 2" in error.fix


def test_a_key_with_points_must_still_name_a_real_test(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "twice", tests="from twice import twice\n\n\ndef test_a():\n    assert twice(2) == 4\n",
                  names={"test_a": "A"}, reference="def twice(x):\n    return 2 * x\n")
    meta = root / "exercise" / "twice" / "problem.toml"
    meta.write_text(meta.read_text() + '"test_b" = {title = "B", points = 2}\n')
    (report,) = check_all(root, pyodide=False)
    assert not report.ok and any("test_b" in error.message for error in report.errors), report.errors


@pytest.fixture(scope="module", params=["cpython", "pyodide"])
def gd_step_runs(request):
    """gd_step (weights 1, 3, 2, 1) run with the reference, then with its sum-instead-of-mean
    mistake, which fails only the gradient (3 points)."""
    problem = load_problem(ProblemTrees(ROOT), "gd_step")
    data = problem_data(problem, None, None)
    reference = problem.reference_path.read_text()
    wrong = (ROOT / "solutions" / "gd_step" / "wrong" / "sum_not_mean.py").read_text()
    jobs = [{"problem": "gd_step", "code": code, "trusted": index == 0} for index, code in enumerate([reference, wrong])]
    if request.param == "cpython":
        first = evaluate({"gd_step": data}, jobs, timeout=120, failure=Failure(Path("tests"), "-", "failed", "-"))
    else:
        first = run_in_pyodide({"gd_step": data}, jobs, Project.at(ROOT), Path("tests"))
    # As on the page: with the reference's rows as `expected`, points come with every row.
    data["expected"] = expected_rows(first[0])
    return first, data


def test_the_result_counts_points_earned_and_points_total(gd_step_runs):
    (reference, wrong), _ = gd_step_runs
    assert reference["points_earned"] == reference["points_total"] == 7.0
    assert [row["points"] for row in reference["rows"]] == [1.0, 3.0, 2.0, 1.0]
    assert (wrong["passed"], wrong["total"]) == (3, 4)          # the counts stay as they were
    assert [row["outcome"] for row in wrong["rows"]] == ["passed", "failed", "passed", "passed"]
    assert (wrong["points_earned"], wrong["points_total"]) == (4.0, 7.0)


def test_expected_rows_carry_the_points_the_page_scores_with(gd_step_runs):
    _, data = gd_step_runs
    assert {row["id"]: row["points"] for row in data["expected"]} == {
        "test_reads_the_file": 1.0, "test_gradient": 3.0, "test_step": 2.0, "test_w_is_left_unchanged": 1.0}
