"""Running hidden tests under CPython: a few subprocesses per batch of problems, the shared runner inside."""
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


@dataclass(frozen=True)
class SuiteRuns:
    """Everything `check` runs for one problem."""

    first: dict[str, dict]    # target label -> the runner's result, hash seed 0
    second: dict[str, dict]   # the same again with hash seed 1: a flaky test differs
    probes: dict | None       # probing.record_outputs, or None for a problem without probes.py


def _run_all_targets(problems: list[Problem], hash_seed: int, timeout: float, failure: Failure) -> list[dict]:
    """One CPython subprocess runs each problem's hidden tests against each of its targets.

    Each target is copied as `<slug>.py` into a folder of its own, which is how the tests
    reach the code under test. `hash_seed` fixes PYTHONHASHSEED, so that runs with
    different seeds expose tests that depend on set or dict ordering.
    """
    with tempfile.TemporaryDirectory(prefix="check-") as tmp:
        jobs = []
        for problem in problems:
            for target in targets_of(problem):
                module_dir = Path(tmp) / str(len(jobs))
                module_dir.mkdir()
                shutil.copyfile(target.path, module_dir / f"{problem.slug}.py")
                jobs.append({"tests_dir": str(problem.tests_dir.resolve()), "module_dir": str(module_dir),
                             "module_name": problem.slug, "names": problem.test_names})
        return run_json(RUNNER, jobs, timeout, failure, cwd=tmp, hash_seed=hash_seed)


def probe_records(problems: list[Problem], timeout: float) -> dict[str, dict | None]:
    """Outputs of the reference and of each known-wrong solution on each problem's probes,
    in one subprocess; None for a problem without probes.py."""
    jobs = {problem.slug: {"probes_path": str(problem.probes_path), "module_name": problem.slug,
                           "function": problem.function,
                           "solutions": {"reference": str(problem.reference_path),
                                         **{w.name: str(w.path) for w in problem.wrong}}}
            for problem in problems if problem.probes_path is not None}
    records: dict[str, dict | None] = {problem.slug: None for problem in problems}
    if jobs:
        where = problems[0].probes_path if len(problems) == 1 else Path("hidden_tests")
        failure = Failure(where, "use small probe inputs; look for an endless loop in a solution", "probing failed",
                          "make probes() return a list of keyword-argument dicts the function accepts")
        records.update(zip(jobs, run_json(PROBING, list(jobs.values()), timeout, failure)))
    return records


def record_probes(problem: Problem, timeout: float = 60) -> dict | None:
    """The probe record of one problem (see `probe_records`)."""
    return probe_records([problem], timeout)[problem.slug]


def run_suites(problems: list[Problem]) -> dict[str, SuiteRuns]:
    """Run the hidden tests of `problems` against all their targets twice (hash seeds 0 and
    1) and record their probes: three subprocesses for the whole batch, since starting
    Python with pytest and numpy costs more than most suites take to run.

    Raises ProblemError when a subprocess fails or runs out of time; the caller then runs
    the problems one at a time to learn which one is at fault. A batch's time limit is the
    largest single problem's, plus two seconds per problem.
    """
    budgets = [problem.time_limit * (len(targets_of(problem)) + 2) + 20 for problem in problems]
    timeout = max(budgets) + 2 * (len(problems) - 1)
    where = problems[0].tests_dir if len(problems) == 1 else Path("hidden_tests")
    failure = Failure(where, "look for an endless loop in a solution or a test, or raise `time_limit`",
                      "the test runner crashed", "run the hidden tests with pytest by hand to see the error")
    first = iter(_run_all_targets(problems, 0, timeout, failure))
    second = iter(_run_all_targets(problems, 1, timeout, failure))
    records = probe_records(problems, timeout=60 + 2 * len(problems))
    runs = {}
    for problem in problems:
        labels = [target.label for target in targets_of(problem)]
        runs[problem.slug] = SuiteRuns({label: next(first) for label in labels},
                                       {label: next(second) for label in labels}, records[problem.slug])
    return runs
