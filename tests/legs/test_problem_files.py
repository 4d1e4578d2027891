"""Problems as real banks bring them: helper modules and data files beside the tests (all
of hidden_tests/SLUG/ ships, under the same relative paths), classes probed through
`observe`, starters that may pass some tests, a size limit on what ships."""
from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from projects import link_build_inputs, write_problem

from exercisekit.check import PYODIDE, check_all
from exercisekit.problems.model import MAX_TEST_FILES_BYTES
from exercisekit.problems.validate import load_all

FILES_TESTS = '''
import json
from pathlib import Path

import numpy as np

from helpers import close_to
from scaled import scale

HERE = Path(__file__).parent


def test_cases_from_json():
    for case in json.loads((HERE / "data" / "cases.json").read_text()):
        assert close_to(scale(case["x"], case["k"]), case["want"]), case


def test_weights_from_npy():
    weights = np.load(HERE / "weights.npy")
    assert np.allclose(scale(weights, 2.0), 2.0 * weights)
'''


def npy_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


CLASS_TESTS = '''
from counter import Counter


def test_counts():
    c = Counter()
    c.add(2)
    c.add(3)
    assert c.total == 5
'''
OBSERVE = '''
def probes():
    return [{"adds": [1, 2, 3]}, {"adds": [5]}]


def observe(module, probe):
    counter = module.Counter()
    for value in probe["adds"]:
        counter.add(value)
    return counter.total
'''
COUNTER = "class Counter:\n    def __init__(self):\n        self.total = 0\n\n    def add(self, v):\n        self.total += v\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = link_build_inputs(tmp_path_factory.mktemp("files"))
    write_problem(root, "scaled", tests=FILES_TESTS, names={"test_cases_from_json": "Cases",
                                                            "test_weights_from_npy": "Weights"},
                  reference="def scale(x, k):\n    return x * k\n", function="scale",
                  wrong={"adds": "def scale(x, k):\n    return x + k\n"},
                  extra_files={"helpers.py": "def close_to(a, b):\n    return abs(a - b) < 1e-9\n",
                               "data/cases.json": json.dumps([{"x": 1.5, "k": 2, "want": 3.0},
                                                              {"x": -1, "k": 3, "want": -3}])})
    (root / "hidden_tests" / "scaled" / "weights.npy").write_bytes(npy_bytes(np.arange(4.0)))
    write_problem(root, "counter", tests=CLASS_TESTS, names={"test_counts": "Counts"}, reference=COUNTER,
                  function="Counter", probes=OBSERVE,
                  wrong={"keeps_last": COUNTER.replace("self.total += v", "self.total = v"),
                         "doubles": COUNTER.replace("self.total += v", "self.total += 2 * v")})
    return {report.slug: report for report in check_all(root)}


@pytest.mark.parametrize("leg", ["", PYODIDE])
def test_helper_modules_and_data_files_reach_both_legs(reports, leg):
    report = reports["scaled"]
    assert report.ok, report.errors
    assert report.results[leg + "reference"]["passed"] == 2, report.results[leg + "reference"]


def test_binary_files_travel_as_base64_and_text_files_as_text(reports):
    from exercisekit.problems.data import problem_data

    data = problem_data(reports["scaled"].problem, None, None)
    assert set(data["files"]) == {"test_scaled.py", "helpers.py", "data/cases.json", "weights.npy"}
    assert "text" in data["files"]["data/cases.json"]
    assert base64.b64decode(data["files"]["weights.npy"]["base64"]) == npy_bytes(np.arange(4.0))


@pytest.mark.parametrize("leg", ["", PYODIDE])
def test_a_class_problem_gets_its_mistakes_named_through_observe(reports, leg):
    report = reports["counter"]
    assert report.ok, report.errors
    assert report.diagnosed == {"keeps_last": ["keeps_last"], "doubles": ["doubles"]}
    for name in ("keeps_last", "doubles"):
        assert report.results[f"{leg}wrong/{name}"]["diagnosis"]["name"] == name


def test_a_probe_that_raises_on_the_reference_shows_the_exception_and_line(tmp_path):
    link_build_inputs(tmp_path)
    write_problem(tmp_path, "counter", tests=CLASS_TESTS, names={"test_counts": "Counts"}, reference=COUNTER,
                  function="Counter", probes=OBSERVE.replace("counter.add(value)", "counter.add(value)\n"
                                                             "        counter.missing()"),
                  wrong={"doubles": COUNTER.replace("self.total += v", "self.total += 2 * v")})
    (report,) = check_all(tmp_path, pyodide=False)
    [error] = [e for e in report.errors if "reference" in e.message]
    assert "AttributeError: 'Counter' object has no attribute 'missing' (probes.py, line 10)" in error.message


def test_a_starter_may_pass_the_tests_it_lists_and_must_fail_the_others(tmp_path):
    tests = "from neutral import f\n\ndef test_zero():\n    assert f(0) == 0\n\ndef test_two():\n    assert f(2) == 4\n"
    write_problem(tmp_path, "neutral", tests=tests, names={"test_zero": "Zero", "test_two": "Two"},
                  reference="def f(x):\n    return 2 * x\n", function="f", starter="def f(x):\n    return 0\n")
    (report,) = check_all(tmp_path, pyodide=False)
    assert [e.message for e in report.errors] == ["the starter passes 'Zero'"]
    meta = tmp_path / "exercise" / "neutral" / "problem.toml"
    meta.write_text(meta.read_text().replace("[tests]", 'starter_passes = ["test_zero"]\n\n[tests]'))
    (report,) = check_all(tmp_path, pyodide=False)
    assert report.ok, report.errors
    meta.write_text(meta.read_text().replace('["test_zero"]', '["test_zero", "test_two"]'))
    (tmp_path / "exercise" / "neutral" / "starter.py").write_text("def f(x):\n    return 2 * x\n")
    (report,) = check_all(tmp_path, pyodide=False)
    assert [e.message for e in report.errors] == ["the starter passes every hidden test"]


def test_hidden_test_files_too_large_to_ship_are_an_error(tmp_path):
    write_problem(tmp_path, "big", tests="from big import f\n\ndef test_f():\n    assert f() == 1\n",
                  names={"test_f": "F"}, reference="def f():\n    return 1\n", function="f")
    (tmp_path / "hidden_tests" / "big" / "huge.bin").write_bytes(b"\0" * (MAX_TEST_FILES_BYTES + 1))
    _, failures = load_all(tmp_path)
    [error] = failures["big"]
    assert "every page downloads them, and the limit is 2 MB" in error.message
    assert "hidden_tests/big/huge.bin (2.0 MB)" in error.fix
