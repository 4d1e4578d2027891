"""The data of one problem as every runtime receives it: the page's worker, the Node leg
of `check` and its CPython leg all build their `Session` from this one dict, whose shape
is declared as contract.ProblemData (exercisekit/runtime/contract.py, and
web/static/contract.mjs for the JavaScript side).

    kind                     "function", or "script": the learner's code runs once (runner.run_script)
    slug, module, function   names: the module the tests import, the function probes call
    time_limit, tolerance    seconds per run; the relative tolerance of probe comparisons
    names                    [tests] key -> display name, in display order
    points                   [tests] key -> the points of each row it covers (1 unless given)
    expected                 [{id, name, outcome, points}]: every row the reference's run gave and its
                             outcome there (None while checking): a row the reference passed
                             must pass for the learner's code too (runtime/session.py)
    files                    every file of hidden_tests/SLUG/ by relative path: {"text": ...}, or
                             {"base64": ...} for a file that is not UTF-8 text (.npy, ...)
    starter, hints           what the page shows
    probes                   probe inputs and recorded outputs (probing.record_outputs) or None
    sweeps                   [{name, title, x_label, y_label, kind, xs, reference: {ys, errors}}]:
                             the reference's curves only; images and scatter sweeps carry
                             their layout (shape, count, range, inputs, captions; labels,
                             label_name) instead of xs (runtime/sweeps.py, describe)
    mistakes                 known-wrong name -> {summary, explanation, hint}
    solution                 the reference's code, only when the author allows *Show solution*
"""
from __future__ import annotations

import base64
from typing import Any, cast

from ..runtime.contract import ExpectedRow, FileEntry, ProbeOutputs, ProbeRecord, ProblemData, ShippedSweep
from .model import Problem


def file_entry(content: bytes) -> FileEntry:
    """How one hidden-test file travels in the problem's data: as text when it is UTF-8."""
    try:
        return {"text": content.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}


def shipped_sweeps(probes: ProbeRecord | None) -> list[ShippedSweep]:
    """The sweeps of a probe record as they ship: the reference's curves, never the
    known-wrong solutions'."""
    sweeps = probes["sweeps"] if probes else []
    return [cast(ShippedSweep, {key: value for key, value in sweep.items() if key != "wrong"}) for sweep in sweeps]


def problem_data(problem: Problem, probes: ProbeRecord | None, expected: list[ExpectedRow] | None) -> ProblemData:
    """What the runtime needs for a problem. The known-wrong solutions' code never ships,
    only their outputs on the probes and their explanations."""
    outputs = ProbeOutputs(inputs=probes["inputs"], reference=probes["reference"], wrong=probes["wrong"],
                           errors=probes["errors"]) if probes else None
    data: ProblemData = {
        "slug": problem.slug,
        "kind": "script" if problem.kind == "script" else "function",   # validated when loaded
        "module": problem.slug,
        "function": problem.function,
        "time_limit": problem.time_limit,
        "tolerance": problem.tolerance,
        "names": problem.test_names,
        "points": problem.test_points,
        "expected": expected,
        "files": {p.relative_to(problem.tests_dir).as_posix(): file_entry(p.read_bytes()) for p in problem.files},
        "starter": problem.starter,
        "hints": list(problem.hints),
        "probes": outputs,
        "sweeps": shipped_sweeps(probes),
        "mistakes": {w.name: {"summary": w.summary, "explanation": w.explanation, "hint": w.hint}
                     for w in problem.wrong},
    }
    if problem.show_solution or problem.solution_after_hints:
        data["solution"] = problem.reference_path.read_text(encoding="utf-8")
    return data


def expected_rows(reference_result: dict[str, Any]) -> list[ExpectedRow]:
    """The rows a complete run gives, from the reference's run, with the outcome each had
    there: what the page counts on, and what a skip by the learner's code is held to."""
    return [{"id": row["id"], "name": row["name"], "outcome": row["outcome"], "points": row.get("points", 1.0)}
            for row in reference_result["rows"]]
