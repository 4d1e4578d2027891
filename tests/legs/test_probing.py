"""Naming the learner's mistake from probe outputs (issue: feedback that teaches)."""
from __future__ import annotations

import shutil

import numpy as np
from projects import ROOT

from exercisekit.check import check_all
from exercisekit.check.cpython import record_probes
from exercisekit.problems.validate import load_all
from exercisekit.runtime.probing import decode, diagnose, encode, same_output

SLUG = "vae_elbo_loss"


def vae_problem(root=ROOT):
    problems, failures = load_all(root, [SLUG])
    assert not failures, failures
    return problems[0]


def test_every_known_wrong_solution_is_diagnosed_as_itself():
    problem = vae_problem()
    record = record_probes(problem)
    assert set(record["wrong"]) == {w.name for w in problem.wrong}
    for name, outputs in record["wrong"].items():
        assert diagnose(outputs, record, problem.tolerance) == [name]
    assert diagnose(record["reference"], record, problem.tolerance) == []


def test_code_that_raises_on_a_probe_gets_no_diagnosis():
    record = record_probes(vae_problem())
    assert diagnose(None, record, 1e-6) == []


def test_outputs_matching_nothing_get_no_diagnosis():
    record = record_probes(vae_problem())
    assert diagnose([encode(123.0)] * len(record["inputs"]), record, 1e-6) == []


def test_two_wrong_solutions_with_equal_probe_outputs_are_reported(project):
    wrong = project / "solutions" / SLUG / "wrong"
    shutil.copyfile(wrong / "batch_sum.py", wrong / "batch_total.py")
    (report,) = check_all(project, pyodide=False)
    messages = [e.message for e in report.errors]
    assert "known-wrong solution `batch_sum` is indistinguishable on the probes from `batch_total`" in messages
    assert "known-wrong solution `batch_total` is indistinguishable on the probes from `batch_sum`" in messages
    assert all(e.fix == "add a probe input on which their outputs differ" for e in report.errors
               if "indistinguishable" in e.message)
    # Their own runs get no diagnosis either: the page never guesses between mistakes.
    assert "a run of known-wrong solution `batch_sum` is diagnosed as no known mistake" in messages
    record = record_probes(report.problem)
    assert diagnose(record["wrong"]["batch_sum"], record, 1e-6) == ["batch_sum", "batch_total"]


def test_wrong_solution_equal_to_reference_on_probes_is_reported(project):
    probes = project / "hidden_tests" / SLUG / "probes.py"
    # One example per batch: summing over the batch equals averaging it.
    probes.write_text(probes.read_text().replace("((3, 4, 2), (2, 3, 3), (1, 2, 2))", "((1, 4, 2), (1, 3, 3))"))
    (report,) = check_all(project, pyodide=False)
    assert "known-wrong solution `batch_sum` gives the reference's outputs on every probe" in [
        e.message for e in report.errors]


def test_encode_round_trips_arrays_and_special_floats():
    values = [np.arange(6, dtype=np.float32).reshape(2, 3), float("inf"), float("nan"), (1, [2.5]), {"a": 1}]
    for value in values:
        assert same_output(encode(value), encode(decode(encode(value))), 1e-9)
    assert decode(encode(np.zeros((2, 3), np.float32))).dtype == np.float32
    assert not same_output(encode(np.zeros(3)), encode(np.zeros(4)), 1e-6)
    assert not same_output(encode(1.0), encode(1.001), 1e-6)
