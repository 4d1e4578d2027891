"""Given code for function problems (runtime/given.py): hidden_tests/SLUG/given_code.py runs
first in the learner's module, whose code then uses its names (imports, helpers, an earlier
step) without importing them; in both legs of `check`, in the diagnosis, in Try it; shown
read-only on the page when `show_given_code = true`."""
from __future__ import annotations

import pytest
from projects import link_build_inputs, write_problem

from exercisekit.check import PYODIDE, check_all
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.runtime.given import GivenCodeError, module_with_given

GIVEN = '''import numpy as np


def sigmoid(z):
    """An earlier exercise's answer, given."""
    return 1.0 / (1.0 + np.exp(-z))
'''
TESTS = '''
import numpy as np
from predict import predict


def test_probabilities():
    got = predict(np.array([1.0, -2.0]), np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert np.allclose(got, [0.5, 1 / (1 + np.exp(-1.0))]), got
'''
# The learner's code and the solutions use np and sigmoid without importing them.
REFERENCE = "def predict(w, X):\n    return sigmoid(X @ w)\n"
PROBES = "import numpy as np\n\ndef probes():\n    return [{'w': np.array([1.0, 2.0]), 'X': np.eye(2)}]\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = link_build_inputs(tmp_path_factory.mktemp("given"))
    write_problem(root, "predict", tests=TESTS, names={"test_probabilities": "Probabilities"}, reference=REFERENCE,
                  function="predict", probes=PROBES, wrong={"no_sigmoid": "def predict(w, X):\n    return X @ w\n"},
                  extra_files={"given_code.py": GIVEN})
    meta = root / "exercise" / "predict" / "problem.toml"
    meta.write_text(meta.read_text().replace("[tests]", "show_given_code = true\n\n[tests]"))
    return root


def test_both_legs_run_the_learner_s_code_inside_the_given_code(project):
    [report] = check_all(project)
    assert report.ok, report.errors
    for leg in ("", PYODIDE):
        assert report.results[leg + "reference"]["passed"] == 1, leg
        wrong = report.results[leg + "wrong/no_sigmoid"]
        assert wrong["passed"] == 0 and wrong["stop"] is None, leg
    # The diagnosis loads the learner's module with the given code too: the mistake is named.
    assert report.results[PYODIDE + "wrong/no_sigmoid"]["diagnosis"]["name"] == "no_sigmoid"
    assert report.diagnosed == {"no_sigmoid": ["no_sigmoid"]}


def test_the_given_code_is_shown_read_only_above_the_editor(project):
    problem = load_problem(ProblemTrees(project), "predict")
    assert problem.given_before == GIVEN.strip("\n") and problem.given_after == ""


def test_a_failing_given_code_is_named_as_the_problem_s_not_the_learner_s(tmp_path):
    given = tmp_path / "given_code.py"
    given.write_text("import not_a_module_anywhere\n")
    learner = tmp_path / "mod.py"
    learner.write_text("x = 1\n")
    with pytest.raises(GivenCodeError, match=r"given code \(given_code.py\) failed: ModuleNotFoundError"):
        module_with_given("mod_given_test", str(learner), str(given))
    import sys
    assert "mod_given_test" not in sys.modules
