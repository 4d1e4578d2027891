"""Sweeps: `check` proves each shows a known mistake and each known-wrong solution parts
from the reference on one; only the reference's curves ship. Helpers on literal inputs."""
from __future__ import annotations

import math

from projects import link_build_inputs, write_problem

from exercisekit.check import check_all
from exercisekit.problems.data import problem_data
from exercisekit.runtime.sweeps import apart, curve, describe, point, where_apart

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


def test_curves_keep_non_finite_values_and_errors_per_point():
    module = type("M", (), {"f": staticmethod(lambda x: 1.0 / x if x else math.inf)})
    sweep = {"name": "s", "title": "t", "x_label": "x", "y_label": "y", "xs": [-1.0, 0.0, 1.0, 2.0],
             "call": lambda m, x: m.f(x) if x < 2 else m.missing(x)}
    found = curve(module, sweep)
    assert found["ys"] == [-1.0, "inf", 1.0, None]
    assert found["errors"] == [{"x": 2.0, "message": "AttributeError: type object 'M' has no attribute 'missing'"}]


def test_histogram_sweeps_describe_bins_and_the_target_density():
    sweep = {"name": "z", "title": "t", "x_label": "z", "y_label": "density", "kind": "histogram", "bins": 4,
             "range": [-2.0, 2.0], "density": lambda x: 0.25, "call": lambda m: [-1.5, -0.5, 0.5, 0.6]}
    shown = describe(sweep)
    assert shown["xs"] == [-1.5, -0.5, 0.5, 1.5] and shown["target"] == [0.25] * 4
    assert curve(None, sweep)["ys"] == [0.25, 0.25, 0.5, 0.0]


def test_apart_and_where_use_a_visible_share_of_the_reference_range():
    reference = [0.0, 1.0, 2.0, 3.0, 4.0]
    assert not apart([0.0, 1.0, 2.0, 3.0, 4.05], reference)       # 1.25 % of the range: unseen
    assert apart([0.0, 1.0, 2.0, 3.0, 4.2], reference)            # 5 %: seen
    assert apart([0.0, 1.0, "nan", 3.0, 4.0], reference)          # a gap is seen too
    assert where_apart([0, 1, 2, 3, 4], [0.0, 1.5, 2.0, "inf", 4.0], reference) == [1, 3]
    assert point(float("nan")) == "nan" and point(2) == 2.0
