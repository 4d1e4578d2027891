"""Spares restored from a memory snapshot (issue 33), proved under Node with the vendored
Pyodide: a maker prepares a real problem as the page's spare does (numpy, pytest, the
runtime package, the session warmed up) and takes a snapshot; spares restored from it give
the same verdicts as a normal boot (the reference passes, each known-wrong solution fails),
draw different random numbers from each other, and a corrupted snapshot is refused with an
error rather than restored. web/node/snapshot_spare.mjs does the work; the page's worker
shares its modules (web/static/snapshot_libs.mjs, snapshot_spare.mjs)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from projects import ROOT

from exercisekit.assets.runtime_package import runtime_archive
from exercisekit.assets.vendor import runtime_files
from exercisekit.node import run_node
from exercisekit.problems.data import problem_data
from exercisekit.problems.validate import load_all
from exercisekit.project import Project

SCRIPT = Path("web/node/snapshot_spare.mjs")
SLUG = "kl_diag_gaussian"
DRAW = "import random, numpy as np\n(random.random(), float(np.random.rand()))"


@pytest.fixture(scope="module")
def outcome() -> dict:
    problems, failures = load_all(ROOT, [SLUG])
    assert not failures, failures
    problem = problems[0]
    reference = problem.reference_path.read_text(encoding="utf-8")
    wrongs = [wrong.path.read_text(encoding="utf-8") for wrong in problem.wrong]
    core, wheels = runtime_files(Project.at(ROOT))
    jobs = [{"job": "run", "code": reference}, *({"job": "run", "code": code} for code in wrongs),
            {"job": "try", "code": reference, "snippet": DRAW}, {"job": "run", "code": reference}]
    with tempfile.TemporaryDirectory(prefix="snapshot-spare-") as tmp:
        archive = Path(tmp) / "runtime.zip"
        archive.write_bytes(runtime_archive())
        request = {"pyodideDir": str(core["pyodide.mjs"].parent), "wheels": [str(p) for p in wheels.values()],
                   "runtimeZip": str(archive), "problem": problem_data(problem, None, None), "jobs": jobs,
                   "restores": 2, "corrupt": True}
        stdout = run_node(SCRIPT, request, ROOT, timeout=600)
    line = next(line for line in stdout.splitlines() if line.startswith("SNAPSHOT "))
    return {"answers": len(jobs), "wrongs": len(wrongs), **json.loads(line[len("SNAPSHOT "):])}


def verdicts(spare: dict) -> list[tuple[int, int]]:
    return [(answer["passed"], answer["total"]) for answer in spare["answers"] if "passed" in answer]


def test_a_restored_spare_gives_the_verdicts_of_a_booted_one(outcome):
    booted = verdicts(outcome["booted"])
    total = booted[0][1]
    assert total > 0 and booted[0] == (total, total) and booted[-1] == (total, total), booted
    assert outcome["wrongs"] >= 1 and all(passed < total for passed, _ in booted[1:1 + outcome["wrongs"]]), booted
    assert len(outcome["restored"]) == 2
    for spare in outcome["restored"]:
        assert len(spare["answers"]) == outcome["answers"]
        assert verdicts(spare) == booted
        # Row by row, not only the counts: the same cases fail, with the same names.
        for mine, theirs in zip(spare["answers"], outcome["booted"]["answers"]):
            if "rows" in mine:
                assert [(r["id"], r["outcome"]) for r in mine["rows"]] == [(r["id"], r["outcome"]) for r in theirs["rows"]]
                assert mine["stop"] == theirs["stop"] and mine["diagnosis"] == theirs["diagnosis"]


def test_restored_spares_draw_their_own_random_numbers(outcome):
    draws = [next(answer for answer in spare["answers"] if "value" in answer) for spare in outcome["restored"]]
    assert all(draw["error"] is None for draw in draws), draws
    first, second = (draw["value"] for draw in draws)
    python_a, numpy_a = first.strip("()").split(", ")
    python_b, numpy_b = second.strip("()").split(", ")
    assert python_a != python_b, "random.random() repeats across restored spares: not reseeded"
    assert numpy_a != numpy_b, "np.random.rand() repeats across restored spares: not reseeded"


def test_the_snapshot_carries_numpy_and_a_corrupted_one_is_refused(outcome):
    assert outcome["libraries"] >= 10, "numpy's shared libraries were not preloaded"
    assert outcome["snapshotBytes"] > 20_000_000 and outcome["fileCount"] > 100
    assert outcome["corruptError"] and "Snapshot" in outcome["corruptError"], outcome["corruptError"]
