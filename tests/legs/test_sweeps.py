"""Sweeps: `check` proves each shows a known mistake and each known-wrong solution parts
from the reference on one, and refuses declarations it cannot draw; only the reference's
curves ship. Helpers on literal inputs, for every kind (line, histogram, images, scatter)."""
from __future__ import annotations

from projects import as_printed, link_build_inputs, write_problem

from exercisekit.check import check_all
from exercisekit.problems.data import problem_data

TESTS = "from doubler import double\n\n\ndef test_two():\n    assert double(2.0) == 4.0 and double(-1.0) == -2.0\n"
PROBES = '''
def probes():
    return [{"x": 1.0}, {"x": -3.0}]


def sweeps():
    return [{"name": "x", "title": "double(x)", "x_label": "x", "y_label": "double(x)",
             "xs": [-2.0, -1.0, 0.0, 1.0, 2.0], "call": lambda module, x: module.double(x)}]
'''
WRONG = {"plus_two": "def double(x):\n    return x + 2\n", "abs_twice": "def double(x):\n    return 2 * abs(x)\n"}


def sweep_problem(root, probes=PROBES, wrong=WRONG):
    write_problem(root, "doubler", tests=TESTS, names={"test_two": "Two"}, reference="def double(x):\n    return 2 * x\n",
                  function="double", probes=probes, wrong=wrong)
    return root


def test_a_problem_whose_sweeps_show_every_mistake_passes_and_ships_only_the_reference(tmp_path):
    (report,) = check_all(sweep_problem(link_build_inputs(tmp_path)), pyodide=False)
    assert report.ok, report.errors
    [sweep] = problem_data(report.problem, report.probes, report.expected)["sweeps"]
    assert sweep["reference"]["ys"] == [-4.0, -2.0, 0.0, 2.0, 4.0] and "wrong" not in sweep
    assert sweep["xs"] == [-2.0, -1.0, 0.0, 1.0, 2.0] and sweep["kind"] == "line"


def test_a_known_wrong_solution_that_lies_on_the_reference_everywhere_fails_check(tmp_path):
    # Right for x >= 0, wrong only for negative probes: the sweep stays on x >= 0.
    probes = PROBES.replace("[-2.0, -1.0, 0.0, 1.0, 2.0]", "[0.0, 1.0, 2.0]")
    (report,) = check_all(sweep_problem(tmp_path, probes), pyodide=False)
    messages = [e.message for e in report.errors]
    assert "known-wrong solution `abs_twice` is indistinguishable from the reference on every sweep" in messages


def test_a_sweep_that_shows_no_mistake_and_one_that_fails_on_the_reference_fail_check(tmp_path):
    probes = PROBES.replace('"xs": [-2.0, -1.0, 0.0, 1.0, 2.0], "call": lambda module, x: module.double(x)}]', '''\
"xs": [-2.0, -1.0, 0.0, 1.0, 2.0], "call": lambda module, x: module.double(x)},
            {"name": "flat", "title": "t", "x_label": "x", "y_label": "y", "xs": [0.0, 1.0],
             "call": lambda module, x: 1.0},
            {"name": "broken", "title": "t", "x_label": "x", "y_label": "y", "xs": [0.0, 1.0],
             "call": lambda module, x: 1.0 / x}]''')
    (report,) = check_all(sweep_problem(tmp_path, probes), pyodide=False)
    messages = [e.message for e in report.errors]
    assert "sweep `flat` shows no known mistake: every known-wrong solution's curve lies on the reference's" in messages
    assert "sweep `broken` fails on the reference: ZeroDivisionError: float division by zero at x = 0.0" in messages








# Images and scatter sweeps: `double` applied to arrays, drawn as 2 images of 2x2 pixels and
# as 3 labelled points. plus_two shows on both; abs_twice only where an input is negative.
ARRAY_TESTS = ("import numpy as np\nfrom doubler import double\n\n\ndef test_two():\n"
               "    assert np.allclose(double(np.array([2.0, -1.0])), [4.0, -2.0])\n")
ARRAY_PROBES = '''
import numpy as np


def probes():
    return [{"x": np.array([1.0, -3.0])}]


def sweeps():
    return [{"name": "pictures", "kind": "images", "title": "doubled images", "shape": [2, 2], "count": 2,
             "inputs": np.linspace(0.0, 0.4, 8), "captions": ["dim", "bright"],
             "call": lambda module: module.double(np.linspace(0.0, 0.4, 8).reshape(2, 2, 2))},
            {"name": "points", "kind": "scatter", "title": "doubled points", "x_label": "a", "y_label": "b",
             "labels": np.array([3, 1, 3]), "label_name": "class",
             "call": lambda module: module.double(np.array([[-1.0, 0.5], [1.0, -0.5], [0.25, 0.0]]))}]
'''


def array_problem(root, probes=ARRAY_PROBES):
    write_problem(root, "doubler", tests=ARRAY_TESTS, names={"test_two": "Two"},
                  reference="def double(x):\n    return 2 * x\n", function="double", probes=probes,
                  wrong={"plus_two": "def double(x):\n    return x + 2\n",
                         "abs_twice": "def double(x):\n    return 2 * abs(x)\n"})
    return root


def test_images_and_scatter_sweeps_ship_flat_outputs_with_their_layout(tmp_path):
    (report,) = check_all(array_problem(link_build_inputs(tmp_path)), pyodide=False)
    assert report.ok, report.errors
    pictures, points = problem_data(report.problem, report.probes, report.expected)["sweeps"]
    assert pictures["kind"] == "images" and pictures["shape"] == [2, 2] and pictures["count"] == 2
    assert pictures["range"] == [0.0, 1.0] and pictures["captions"] == ["dim", "bright"]
    assert len(pictures["inputs"]) == 8 and pictures["inputs"][-1] == 0.4
    assert len(pictures["reference"]["ys"]) == 8 and pictures["reference"]["ys"][-1] == 0.8
    assert points["kind"] == "scatter" and points["labels"] == ["3", "1", "3"] and points["label_name"] == "class"
    assert points["reference"]["ys"] == [-2.0, 1.0, 2.0, -1.0, 0.5, 0.0]
    assert "wrong" not in pictures and "wrong" not in points








def test_sweep_declarations_check_refuses_name_the_file_and_the_fix(tmp_path):
    probes = ARRAY_PROBES.replace('"kind": "images"', '"kind": "image"').replace('"label_name"', '"label_names"')
    probes = probes.replace('"x_label": "a", ', "")
    (report,) = as_printed(check_all(array_problem(tmp_path, probes), pyodide=False), tmp_path)
    found = {(str(e.file), e.message, e.fix) for e in report.errors}
    where = "hidden_tests/doubler/probes.py"
    assert (where, "sweep `pictures` has unknown kind `image`", "did you mean `images`?") in found
    assert (where, "sweep `points` (scatter) has unknown key `label_names`", "did you mean `label_name`?") in found
    assert (where, "sweep `points` (scatter) lacks `x_label`",
            "a scatter sweep needs name, title, x_label, y_label, call, labels (see AUTHORING.md, Sweeps)") in found


