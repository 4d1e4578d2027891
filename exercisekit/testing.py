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


def run_targets(problem: Problem, targets: list[Target], timeout: float | None = None,
                python: str = sys.executable, hash_seed: int = 0) -> dict[str, dict]:
    """Run the problem's hidden tests against each target in one CPython subprocess.

    Returns the runner's result per target label. Each target is copied as `<slug>.py`
    into a folder of its own, which is how the tests reach the code under test.
    `hash_seed` fixes PYTHONHASHSEED, so that runs with different seeds expose tests
    that depend on set or dict ordering.
    """
    timeout = timeout or problem.time_limit * (len(targets) + 2) + 20
    with tempfile.TemporaryDirectory(prefix=f"check-{problem.slug}-") as tmp:
        jobs = []
        for index, target in enumerate(targets):
            module_dir = Path(tmp) / str(index)
            module_dir.mkdir()
            shutil.copyfile(target.path, module_dir / f"{problem.slug}.py")
            jobs.append({"tests_dir": str(problem.tests_dir.resolve()), "module_dir": str(module_dir),
                         "module_name": problem.slug, "names": problem.test_names})
        try:
            done = subprocess.run([python, str(RUNNER)], input=json.dumps(jobs), capture_output=True,
                                  text=True, timeout=timeout, cwd=tmp,
                                  env={**os.environ, "PYTHONHASHSEED": str(hash_seed)})
        except subprocess.TimeoutExpired as exc:
            raise ProblemError(problem.tests_dir, f"the hidden tests did not finish within {timeout:.0f} s",
                               "look for an endless loop in a solution or a test, or raise `time_limit`") from exc
    if done.returncode != 0:
        raise ProblemError(problem.tests_dir, f"the test runner crashed:\n{done.stderr.strip()[-2000:]}",
                           "run the hidden tests with pytest by hand to see the error")
    return dict(zip((t.label for t in targets), json.loads(done.stdout)))


def record_probes(problem: Problem, timeout: float = 60, python: str = sys.executable) -> dict | None:
    """Outputs of the reference and of each known-wrong solution on the problem's probes.

    None when the problem has no probes.py. Runs in a subprocess, like the tests.
    """
    if problem.probes_path is None:
        return None
    solutions = {"reference": str(problem.reference_path), **{w.name: str(w.path) for w in problem.wrong}}
    job = {"probes_path": str(problem.probes_path), "module_name": problem.slug,
           "function": problem.function, "solutions": solutions}
    try:
        done = subprocess.run([python, str(PROBING)], input=json.dumps(job), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise ProblemError(problem.probes_path, f"probing did not finish within {timeout:.0f} s",
                           "use small probe inputs; look for an endless loop in a solution") from exc
    if done.returncode != 0:
        raise ProblemError(problem.probes_path, f"probing failed:\n{done.stderr.strip()[-2000:]}",
                           "make probes() return a list of keyword-argument dicts the function accepts")
    return json.loads(done.stdout)
