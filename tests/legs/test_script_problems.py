"""Script problems and data files (issue 23): the learner's lines run once in a namespace
made by hidden setup code, tests import the names they define, a starter that does not parse
gives a SyntaxError at its line, and files of hidden_tests/SLUG/data/ open by their plain
name. Every case runs under CPython (`python -m exercisekit.runtime`) and in Pyodide (Node)."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ROOT

from exercisekit.check.cpython import Failure, evaluate
from exercisekit.check.pyodide import run_in_pyodide
from exercisekit.project import Project
from exercisekit.runtime.results import LOAD_ERROR, PASSED

SETUP = "import numpy as np\nx = np.array([1.0, -2.0])\nalpha = 0.5\ngrad = 2 * x\nruns = []\n"
TRAILING = "x_final = x_new * 1\n"
TESTS = '''
import numpy as np

from step import alpha, runs, x, x_final, x_new


def test_step():
    np.testing.assert_allclose(x_new, x - alpha * 2 * x)


def test_trailing_code_saw_the_result():
    np.testing.assert_allclose(x_final, x_new)


def test_ran_once():
    assert runs == [1]
'''
SCRIPT = {"kind": "script", "slug": "step", "module": "step", "function": "step", "time_limit": 10,
          "tolerance": 1e-6, "names": {"test_step": "Step", "test_trailing_code_saw_the_result": "Trailing",
                                       "test_ran_once": "Once"},
          "expected": None, "starter": "", "hints": [], "probes": None, "mistakes": {},
          "files": {"test_step.py": {"text": TESTS}, "script_setup.py": {"text": SETUP},
                    "script_trailing.py": {"text": TRAILING}}}
ANSWER = "runs.append(1)\nprint('stepping')\nx_new = x - alpha * grad\n"

READER_TESTS = '''
from reader import first_column


def test_reads():
    assert first_column() == [1.0, 3.0]
'''
READER = {"slug": "reader", "module": "reader", "function": "first_column", "time_limit": 10, "tolerance": 1e-6,
          "names": {"test_reads": "Reads"}, "expected": None, "starter": "", "hints": [], "probes": None,
          "mistakes": {}, "files": {"test_reader.py": {"text": READER_TESTS},
                                    "data/values.csv": {"text": "1.0,2.0\n3.0,4.0\n"}}}
READ_CODE = ("def first_column():\n    with open('values.csv') as f:\n"
             "        return [float(line.split(',')[0]) for line in f]\n")


def run(leg: str, data: dict, codes: list[str]) -> list[dict]:
    """Each code in turn in one session of `data`'s problem; the first is a trusted warm-up."""
    jobs = [{"problem": data["slug"], "code": code, "trusted": index == 0} for index, code in enumerate(codes)]
    if leg == "cpython":
        return evaluate({data["slug"]: data}, jobs, timeout=120, failure=Failure(Path("tests"), "-", "failed", "-"))
    return run_in_pyodide({data["slug"]: data}, jobs, Project.at(ROOT), Path("tests"))


@pytest.fixture(scope="module", params=["cpython", "pyodide"])
def script_runs(request):
    codes = [
        "x_new = # your code here\n",              # a fill-in-the-blank starter
        ANSWER,
        "    " + ANSWER.replace("\n", "\n    "),     # indented as a whole: dedented
        "runs.append(1)\n\nx_new = x - alpha * gradient\n",   # a NameError on line 3
    ]
    return request.param, run(request.param, SCRIPT, codes)


def test_a_starter_that_does_not_parse_reports_its_syntax_error_at_its_line(script_runs):
    _, (starter, *_) = script_runs
    assert starter["stop"]["kind"] == LOAD_ERROR
    assert starter["stop"]["message"].startswith("SyntaxError")
    assert starter["stop"]["line"] == 1


@pytest.mark.parametrize("which", [1, 2], ids=["plain", "indented"])
def test_the_learners_lines_run_once_in_the_given_namespace(script_runs, which):
    _, results = script_runs
    result = results[which]
    assert result["stop"] is None
    assert {row["name"]: row["outcome"] for row in result["rows"]} == {"Step": PASSED, "Trailing": PASSED,
                                                                        "Once": PASSED}
    printed = result["stdout"] + "".join(row["stdout"] for row in result["rows"])
    assert printed.count("stepping") == 1


def test_a_runtime_error_shows_the_learners_own_line(script_runs):
    _, results = script_runs
    stop = results[3]["stop"]
    assert stop["kind"] == LOAD_ERROR and "gradient" in stop["message"]
    assert stop["line"] == 3
    assert any("x_new = x - alpha * gradient" in line for line in stop["traceback"])


@pytest.mark.parametrize("leg", ["cpython", "pyodide"])
def test_learner_code_opens_a_data_file_by_its_plain_name(leg):
    warm, again = run(leg, READER, [READ_CODE, READ_CODE])
    for result in (warm, again):
        assert result["stop"] is None
        assert [row["outcome"] for row in result["rows"]] == [PASSED]


def test_try_it_runs_a_script_problems_code_and_sees_its_names(tmp_path):
    from exercisekit.problems.data import problem_data
    from exercisekit.problems.model import ProblemTrees, load_problem
    from exercisekit.problems.statements import example_snippet
    from exercisekit.runtime.session import Session

    problem = load_problem(ProblemTrees(ROOT), "gd_step")
    session = Session(problem_data(problem, None, None), str(tmp_path))
    answer = session.try_snippet(problem.reference_path.read_text(), example_snippet(problem))
    assert answer["error"] is None, answer
    assert all(repr(name) in answer["value"] for name in ("alpha", "grad", "w", "w_new", "X", "y"))
