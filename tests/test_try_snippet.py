"""Session.try_snippet: the page's Try-it console. It runs a snippet against the learner's
code without the hidden tests, like a console, and restores the interpreter after."""
from __future__ import annotations

import json

import numpy as np
import pytest
from projects import ROOT

from exercisekit.problems.data import problem_data
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.problems.statements import example_snippet
from exercisekit.runtime.session import Session

DATA = {"slug": "sample", "module": "sample", "function": "value", "names": {}, "expected": None,
        "files": {"test_sample.py": {"text": "from sample import value\n\ndef test_value():\n    assert False\n"}}}
CODE = "def value(x):\n    print('computing', x)\n    return 2 * x\n"


@pytest.fixture
def session(tmp_path):
    return Session(DATA, str(tmp_path))


def test_value_repr_and_printed_output_without_running_tests(session):
    answer = session.try_snippet(CODE, "import numpy as np\nvalue(np.array([1.0, 2.5]))")
    assert answer["value"] == "array([2., 5.])"
    assert answer["stdout"] == "computing [1.  2.5]\n"
    assert answer["error"] is None and answer["tainted"] is False
    # The hidden test (which always fails) did not run: nothing it prints or raises is here.
    assert "assert" not in json.dumps(answer)


def test_statements_only_give_no_value(session):
    assert session.try_snippet(CODE, "y = value(3)")["value"] is None
    assert session.try_snippet(CODE, "y = value(3)\ny")["value"] == "6"


def test_errors_name_the_learners_line(session):
    answer = session.try_snippet("def value(x):\n    return x / 0\n", "value(1)")
    assert answer["error"] == "ZeroDivisionError: division by zero"
    assert answer["traceback"] == ["line 2, in value: return x / 0"] and answer["line"] == 2
    loading = session.try_snippet("import sys\nsys.exit(4)\n", "1")
    assert loading["error"].startswith("your code could not be loaded") and loading["line"] == 2
    syntax = session.try_snippet(CODE, "value(3")
    assert syntax["error"].startswith("SyntaxError") and syntax["traceback"] == ["snippet line 1: value(3"]


def test_a_patch_made_in_a_snippet_does_not_outlive_it(session):
    original = np.sum
    answer = session.try_snippet("import numpy as np\nnp.sum = lambda *a, **k: 0\n" + CODE, "np.sum([1, 2])")
    assert answer["value"] == "0"
    assert np.sum is original
    assert session.try_snippet(CODE, "import numpy as np\nnp.sum([1, 2])")["value"] == repr(original([1, 2]))


def test_the_code_is_read_afresh_each_time(session):
    assert session.try_snippet(CODE, "value(1)")["value"] == "2"
    assert session.try_snippet("def value(x):\n    return 3 * x\n", "value(1)")["value"] == "3"


def test_try_json_is_what_the_worker_reads(session):
    assert json.loads(session.try_json(CODE, "value(2)"))["value"] == "4"


TREES = ProblemTrees(ROOT)


# In this process's Python: a problem with `packages` (scipy, scikit-learn) needs them, and
# `check` runs its Example in both legs with them installed (test_examples.py, the track's check).
@pytest.mark.parametrize("slug", [slug for slug in TREES.slugs() if not load_problem(TREES, slug).packages])
def test_each_problems_example_snippet_runs_against_its_reference(tmp_path, slug):
    problem = load_problem(TREES, slug)
    snippet = example_snippet(problem)
    if problem.kind == "script":   # no function to call: its given names and data files are needed
        session = Session(problem_data(problem, None, None), str(tmp_path))
    else:
        assert f"{problem.function}(" in snippet and "put the arguments here" not in snippet
        session = Session({"module": slug, "names": {}, "expected": None, "files": {}}, str(tmp_path))
    answer = session.try_snippet(problem.reference_path.read_text(), snippet)
    assert answer["error"] is None, answer
    assert answer["value"] is not None


@pytest.mark.parametrize("signature, names", [
    ("kl(mu, logvar) -> float", ["mu", "logvar"]),
    ("f(x: np.ndarray, beta: float = 1.0, *, axis=-1) -> np.ndarray", ["x", "beta", "axis"]),
    ("g(*args, **kwargs)", ["args", "kwargs"]),
    ("h()", []),
    ("class Zipper", []),
    ("Write the update as a few lines", []),
    ("broken(x", []),
])
def test_signature_parameters_of_any_text(signature, names):
    from exercisekit.problems.statements import signature_parameters

    assert signature_parameters(signature) == names


def test_a_signature_without_parentheses_gives_the_fallback_snippet(tmp_path):
    from dataclasses import replace

    problem = replace(load_problem(TREES, "vae_elbo_loss"), signature="class Zipper", statement="No example.\n")
    assert example_snippet(problem) == "import numpy as np\n\nvae_elbo_loss()  # put the arguments here"


def test_integer_lists_of_the_example_stay_integers(tmp_path):
    from dataclasses import replace

    statement = "Count.\n\n## Example\n\n```\ncounts = [1, 2, 3], scale = 0.5\n```\n"
    problem = replace(load_problem(TREES, "vae_elbo_loss"), function="tally", signature="tally(counts, scale)",
                      statement=statement)
    assert example_snippet(problem) == "import numpy as np\n\ncounts = np.array([1, 2, 3])\nscale = 0.5\ntally(counts, scale)"
