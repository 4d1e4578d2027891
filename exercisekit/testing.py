"""Running hidden tests under CPython: one subprocess per problem, the shared runner inside."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ProblemError
from .problems import Problem

RUNNER = Path(__file__).with_name("runner.py")
PROBING = Path(__file__).with_name("probing.py")


@dataclass(frozen=True)
class Target:
    """One file to run the hidden tests against, e.g. the reference or a known-wrong solution."""

    label: str
    path: Path


def targets_of(problem: Problem) -> list[Target]:
    """The reference, the starter and every known-wrong solution, in that order."""
    return [Target("reference", problem.reference_path), Target("starter", problem.starter_path),
            *(Target(f"wrong/{w.name}", w.path) for w in problem.wrong)]


@dataclass(frozen=True)
class Failure:
    """How to report a subprocess that fails: where, and what to do in each case."""

    file: Path
    timeout_fix: str
    crash_message: str
    crash_fix: str


def run_json(script: Path, payload, timeout: float, failure: Failure, cwd: str | None = None,
             hash_seed: int = 0, python: str = sys.executable):
    """Run one of the standalone scripts with JSON on stdin; its JSON answer on stdout."""
    try:
        done = subprocess.run([python, str(script)], input=json.dumps(payload), capture_output=True, text=True,
                              timeout=timeout, cwd=cwd, env={**os.environ, "PYTHONHASHSEED": str(hash_seed)})
    except subprocess.TimeoutExpired as exc:
        raise ProblemError(failure.file, f"{script.name} did not finish within {timeout:.0f} s",
                           failure.timeout_fix) from exc
    if done.returncode != 0:
        raise ProblemError(failure.file, f"{failure.crash_message}:\n{done.stderr.strip()[-2000:]}", failure.crash_fix)
    return json.loads(done.stdout)


def run_targets(problem: Problem, targets: list[Target], timeout: float | None = None,
                hash_seed: int = 0) -> dict[str, dict]:
    """Run the problem's hidden tests against each target in one CPython subprocess.

    Returns the runner's result per target label. Each target is copied as `<slug>.py`
    into a folder of its own, which is how the tests reach the code under test.
    `hash_seed` fixes PYTHONHASHSEED, so that runs with different seeds expose tests
    that depend on set or dict ordering.
    """
    timeout = timeout or problem.time_limit * (len(targets) + 2) + 20
    failure = Failure(problem.tests_dir, "look for an endless loop in a solution or a test, or raise `time_limit`",
                      "the test runner crashed", "run the hidden tests with pytest by hand to see the error")
    with tempfile.TemporaryDirectory(prefix=f"check-{problem.slug}-") as tmp:
        jobs = []
        for index, target in enumerate(targets):
            module_dir = Path(tmp) / str(index)
            module_dir.mkdir()
            shutil.copyfile(target.path, module_dir / f"{problem.slug}.py")
            jobs.append({"tests_dir": str(problem.tests_dir.resolve()), "module_dir": str(module_dir),
                         "module_name": problem.slug, "names": problem.test_names})
        results = run_json(RUNNER, jobs, timeout, failure, cwd=tmp, hash_seed=hash_seed)
    return dict(zip((t.label for t in targets), results))


def record_probes(problem: Problem, timeout: float = 60) -> dict | None:
    """Outputs of the reference and of each known-wrong solution on the problem's probes.

    None when the problem has no probes.py. Runs in a subprocess, like the tests.
    """
    if problem.probes_path is None:
        return None
    solutions = {"reference": str(problem.reference_path), **{w.name: str(w.path) for w in problem.wrong}}
    job = {"probes_path": str(problem.probes_path), "module_name": problem.slug,
           "function": problem.function, "solutions": solutions}
    failure = Failure(problem.probes_path, "use small probe inputs; look for an endless loop in a solution",
                      "probing failed", "make probes() return a list of keyword-argument dicts the function accepts")
    return run_json(PROBING, job, timeout, failure)
