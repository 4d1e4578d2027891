"""Authoring traps (issue 20, point 3), each run through `check` with both legs: a probes.py
that imports a helper module beside the tests, and probe, observe and sweep outputs that
hold NaN or inf."""
from __future__ import annotations

import json
import math

import numpy as np
from projects import as_printed, link_build_inputs, write_problem

from exercisekit.check import check_all
from exercisekit.problems.data import problem_data
from exercisekit.runtime.probing import decode, encode, same_output

HELPER = "import numpy as np\n\n\ndef grid(n):\n    return np.linspace(-1.0, 1.0, n)\n"
SQUARE_TESTS = '''
import numpy as np
from helpers import grid

from squares import square


def test_grid():
    xs = grid(5)
    np.testing.assert_allclose(square(xs), xs * xs)
'''
SQUARE_PROBES = '''
from helpers import grid


def probes():
    return [{"x": grid(4)}, {"x": grid(7) * 3}]
'''


def test_probes_import_a_helper_module_beside_the_tests_in_both_legs(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "squares", tests=SQUARE_TESTS, names={"test_grid": "Squares a grid"},
                  reference="def square(x):\n    return x * x\n", function="square", probes=SQUARE_PROBES,
                  wrong={"doubled": "def square(x):\n    return 2 * x\n", "cubed": "def square(x):\n    return x ** 3\n"},
                  extra_files={"helpers.py": HELPER})
    (report,) = check_all(root)
    assert report.ok, [str(e) for e in report.errors]
    assert report.diagnosed == {"cubed": ["cubed"], "doubled": ["doubled"]}


def test_a_probes_py_that_cannot_import_says_so_first_without_an_internal_traceback(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "squares", tests=SQUARE_TESTS.replace("from helpers import grid\n", "")
                  .replace("grid(5)", "np.linspace(-1.0, 1.0, 5)"), names={"test_grid": "Squares a grid"},
                  reference="def square(x):\n    return x * x\n", function="square",
                  probes=SQUARE_PROBES.replace("helpers", "helperz"),
                  wrong={"doubled": "def square(x):\n    return 2 * x\n"})
    (report,) = as_printed(check_all(root, pyodide=False), root)
    assert not report.ok
    first = report.errors[0]
    assert str(first.file) == "hidden_tests/squares/probes.py" and first.line == 2
    assert "No module named 'helperz'" in first.message
    assert "hidden_tests/squares/" in first.fix and "packages" in first.fix
    text = "\n".join(str(e) for e in report.errors)
    assert "Traceback" not in text and "keyword-argument" not in text and str(tmp_path) not in text
    assert len(report.errors) == 1, text   # the consequences (nothing diagnosed) are not listed too


CLIP_TESTS = '''
import numpy as np

from safe_log import safe_log


def test_zero_is_clipped():
    got = safe_log(np.array([0.0, 1.0]))
    assert np.all(np.isfinite(got)), f"safe_log([0, 1]) should be finite, got {got}"
    np.testing.assert_allclose(got, [np.log(1e-12), 0.0])
'''
CLIP_PROBES = '''
import numpy as np


def probes():
    return [{"x": np.array([0.0, 0.5, 1.0])}, {"x": np.array([[0.0, 2.0], [1.0, 0.0]])}]


def observe(module, probe):
    out = module.safe_log(probe["x"])
    return {"values": out, "smallest": float(np.min(out)), "as_list": [float(v) for v in np.ravel(out)]}


def sweeps():
    return [{"name": "x", "title": "safe_log(x)", "x_label": "x", "y_label": "safe_log(x)",
             "xs": [0.0, 0.25, 0.5, 1.0], "call": lambda module, x: float(module.safe_log(np.array([x]))[0])}]
'''
CLIP_WRONG = {
    "no_clip": "import numpy as np\n\n\ndef safe_log(x):\n    return np.log(x)\n",                       # -inf at 0
    "shifted": "import numpy as np\n\n\ndef safe_log(x):\n    return np.log(x - 1e-3) + 1e-3\n",        # nan at 0
}


def test_nan_and_inf_in_probe_observe_and_sweep_outputs_survive_both_legs(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "safe_log", tests=CLIP_TESTS, names={"test_zero_is_clipped": "Zero is clipped"},
                  reference="import numpy as np\n\n\ndef safe_log(x):\n    return np.log(np.clip(x, 1e-12, None))\n",
                  probes=CLIP_PROBES, wrong=CLIP_WRONG)
    (report,) = check_all(root)
    assert report.ok, [str(e) for e in report.errors]
    assert report.diagnosed == {"no_clip": ["no_clip"], "shifted": ["shifted"]}
    # What ships is strict JSON (the browser's JSON.parse has no NaN), and means the same.
    data = problem_data(report.problem, report.probes, report.expected)
    text = json.dumps(data, allow_nan=False)
    shipped = json.loads(text)
    assert shipped["probes"]["wrong"]["no_clip"][0]["dict"]["values"]["ndarray"][0] == {"float": "-inf"}
    sweep = shipped["sweeps"][0]
    assert all(isinstance(y, float) and math.isfinite(y) for y in sweep["reference"]["ys"])


def test_encoded_arrays_keep_nan_and_inf_and_compare_as_before():
    value = np.array([[np.nan, 1.0], [np.inf, -np.inf]], dtype=np.float32)
    encoded = encode(value)
    json.dumps(encoded, allow_nan=False)   # no bare NaN anywhere
    back = decode(json.loads(json.dumps(encoded)))
    assert back.dtype == np.float32 and back.shape == (2, 2)
    np.testing.assert_array_equal(back, value)   # nan where nan, infinities with their sign
    assert same_output(encoded, encode(value.copy()), 1e-6)
    assert not same_output(encoded, encode(np.array([[np.nan, 1.0], [np.inf, np.inf]], dtype=np.float32)), 1e-6)
    assert decode(encode(np.array([1.0, 2.0]))).tolist() == [1.0, 2.0]
    assert encode(np.array([1, 2]))["ndarray"] == [1, 2]   # finite arrays are encoded as they were


UNITTEST_TESTS = '''
import unittest

from halve import halve


class TestHalve(unittest.TestCase):
    def test_even(self):
        self.assertTrue(halve(4) == 2, "halve(4) should be 2")

    def test_odd(self):
        self.assertFalse(halve(3) != 1.5, "halve(3) should be 1.5")
'''


def test_unittest_false_is_not_true_prefix_is_cleaned_from_the_message():
    from pathlib import Path

    from exercisekit.check.cpython import Failure, evaluate
    from exercisekit.runtime.runner import describe

    assert describe(AssertionError("False is not true : halve(4) should be 2")) == "halve(4) should be 2"
    assert describe(AssertionError("False is not true")) == "False is not true"   # nothing else to say
    assert describe(AssertionError("3 != 4 : the sum")) == "3 != 4 : the sum"     # the values are the message
    data = {"slug": "halve", "module": "halve", "function": "halve", "time_limit": 10, "tolerance": 1e-6,
            "names": {"TestHalve": "Halving"}, "expected": None, "starter": "", "hints": [], "probes": None,
            "mistakes": {}, "files": {"test_halve.py": {"text": UNITTEST_TESTS}}}
    jobs = [{"problem": "halve", "code": "def halve(x):\n    return x / 2\n", "trusted": True},
            {"problem": "halve", "code": "def halve(x):\n    return x // 2\n", "trusted": False}]
    _, wrong = evaluate({"halve": data}, jobs, timeout=120, failure=Failure(Path("tests"), "-", "failed", "-"))
    rows = {row["id"]: (row["outcome"], row["message"]) for row in wrong["rows"]}
    assert rows["TestHalve::test_even"][0] == "passed"
    assert rows["TestHalve::test_odd"] == ("failed", "halve(3) should be 1.5"), rows


def test_a_misspelt_docstring_label_of_a_known_wrong_solution_is_an_error_at_its_line(tmp_path):
    root = link_build_inputs(tmp_path)
    write_problem(root, "squares", tests=SQUARE_TESTS.replace("from helpers import grid\n", "")
                  .replace("grid(5)", "np.linspace(-1.0, 1.0, 5)"), names={"test_grid": "Squares a grid"},
                  reference="def square(x):\n    return x * x\n", function="square",
                  wrong={"doubled": "def square(x):\n    return 2 * x\n"})
    path = root / "solutions" / "squares" / "wrong" / "doubled.py"
    path.write_text(path.read_text().replace("Hint: avoid", "Hints: avoid"))
    (report,) = as_printed(check_all(root, pyodide=False), root)
    [error] = report.errors
    assert str(error.file) == "solutions/squares/wrong/doubled.py" and error.line == 5
    assert "`Hints:`" in error.message and error.fix == "write `Hint:` exactly"


def test_replace_placeholders_left_from_new_are_reported(tmp_path):
    from exercisekit.authoring.scaffold import new_problem

    root = link_build_inputs(tmp_path)
    new_problem(root, "sum_sq")
    cache = tmp_path / "own-check-cache"   # not the test run's shared one (projects.link_build_inputs)
    (report,) = as_printed(check_all(root, pyodide=False, cache_dir=cache), root)
    assert report.ok, report.errors   # the scaffold passes unedited, and says what is left to write
    flagged = {str(w.file): w for w in report.warnings}
    assert "exercise/sum_sq/problem.toml" in flagged and "exercise/sum_sq/starter.py" in flagged
    assert all("REPLACE" in w.message and w.line for w in flagged.values())
    # Checked again from the cache (the entry is not written anew), it says the same, not nothing.
    [entry] = cache.iterdir()
    written = entry.stat().st_ino
    (again,) = as_printed(check_all(root, pyodide=False, cache_dir=cache), root)
    assert [p.stat().st_ino for p in cache.iterdir()] == [written]
    assert [str(w) for w in again.warnings] == [str(w) for w in report.warnings]
