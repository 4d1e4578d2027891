"""The CPython leg of `check`: a few subprocesses per batch of problems, each running
`python -m exercisekit.runtime`, the same session the browser runs. `CPythonLeg` is the
host leg (legs.py); `run_suites` is what `check` runs of any host leg for one batch."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..assets.runtime_package import PACKAGE_ROOT
from ..errors import ProblemError, root_cause, without_root
from ..problems.data import problem_data
from ..problems.model import Problem
from ..runtime.contract import EvaluateJob, LegAnswer, ProbeRecord, ProblemData
from .examples import example_cases
from .interpreter import find_interpreter, leg_python
from .legs import Failure, HostLeg, LegRequest, LegResult, results_of, until_all_done
from .model import CPYTHON, Result, Results, RunKey

__all__ = ["CPythonLeg", "Failure", "SuiteRuns", "Target", "evaluate", "evaluation_jobs", "example_jobs",
           "probe_records", "record_probes", "run_runtime", "run_suites", "sort_answers",
           "targets_of", "until_all_done"]


@dataclass(frozen=True)
class Target:
    """One file to run the hidden tests against, e.g. the reference or a known-wrong solution."""

    label: str
    path: Path


def targets_of(problem: Problem) -> list[Target]:
    """The reference, the starter and every known-wrong solution, in that order."""
    return [Target("reference", problem.reference_path), Target("starter", problem.starter_path),
            *(Target(f"wrong/{w.name}", w.path) for w in problem.wrong)]


def evaluation_jobs(problems: list[Problem]) -> list[EvaluateJob]:
    """One job per target of each problem; the reference, a trusted run, warms the session up."""
    return [{"problem": problem.slug, "label": target.label, "trusted": target.label == "reference",
             "code": target.path.read_text(encoding="utf-8")}
            for problem in problems for target in targets_of(problem)]


def example_jobs(problems: list[Problem]) -> list[EvaluateJob]:
    """One `try` job per stated output of each problem's Example (examples.py): its snippet
    against the reference, labelled by its line in the statement."""
    return [{"problem": problem.slug, "label": case.label, "trusted": False, "snippet": case.snippet,
             "code": problem.reference_path.read_text(encoding="utf-8")}
            for problem in problems for case in example_cases(problem) or []]


def sort_answers(jobs: list[EvaluateJob], answers: list[LegResult], leg: str) -> tuple[dict[str, Results],
                                                                                     dict[str, Results]]:
    """A leg's answers by problem: (the runs of the targets, the runs of the Example's
    snippets), each keyed by RunKey(leg, the job's label), in the contract form the report
    and the cache keep."""
    runs: dict[str, Results] = {}
    examples: dict[str, Results] = {}
    for job, answer in zip(jobs, answers):
        into = examples if "snippet" in job else runs
        into.setdefault(job["problem"], Results())[RunKey(leg, job.get("label", ""))] = cast(Result, answer.to_json())
    return runs, examples


# Settings of the caller's that would make the leg's Python or pytest differ from the page's:
# PYTHONOPTIMIZE strips every assert (each test would pass), PYTEST_ADDOPTS can deselect
# tests or change their outcome, PYTEST_PLUGINS loads code, PYTHONPATH can shadow numpy.
KEPT_PYTHON_SETTINGS = ("PYTHONIOENCODING", "PYTHONUTF8")


def leg_environment(caller: Mapping[str, str], path: list[Path], hash_seed: int) -> dict[str, str]:
    """The environment of the leg's Python: the caller's, less every PYTEST_* and PYTHON*
    setting (but the text encoding ones), with the leg's own path and hash seed."""
    env = {name: value for name, value in caller.items()
           if not name.startswith(("PYTEST_", "PYTHON")) or name in KEPT_PYTHON_SETTINGS}
    env.update(PYTHONHASHSEED=str(hash_seed), PYTHONPATH=os.pathsep.join(map(str, path)))
    return env


def run_runtime(command: str, payload, timeout: float, failure: Failure, hash_seed: int = 0,
                wheels: tuple[Path, ...] = ()):
    """Run `python -m exercisekit.runtime COMMAND` with JSON on stdin; its JSON answer.
    `wheels` (pure-Python packages a problem asks for) go on sys.path, as Pyodide installs them."""
    python = leg_python(wheels)   # interpreter.py: Python 3.13 where found, the browser's versions
    env = leg_environment(os.environ, [PACKAGE_ROOT.parent, *python.path_wheels], hash_seed)
    with tempfile.TemporaryDirectory(prefix="check-", ignore_cleanup_errors=True) as cwd:
        try:
            done = subprocess.run([str(python.executable), "-m", "exercisekit.runtime", command],
                                  input=json.dumps(payload),
                                  capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
        except subprocess.TimeoutExpired as exc:
            raise ProblemError(failure.file, f"the runtime did not finish within {timeout:.0f} s",
                               failure.timeout_fix) from exc
    if done.returncode != 0:
        # Why first (the traceback's last line), then the traceback, with the runtime's paths relative.
        printed = without_root(done.stderr.strip(), PACKAGE_ROOT.parent)
        cause = root_cause(printed)
        message = f"{failure.crash_message}: {cause}\n{printed[-2000:]}" if cause else \
            f"{failure.crash_message} (exit status {done.returncode}):\n{printed[-2000:]}"
        raise ProblemError(failure.file, message.rstrip(), failure.crash_fix)
    return json.loads(done.stdout)


def evaluate(problems: dict[str, ProblemData], jobs: list[EvaluateJob], timeout: float, failure: Failure,
             hash_seed: int = 0, wheels: tuple[Path, ...] = ()) -> LegAnswer:
    """Results of `jobs` under CPython, as the runtime printed them (contract.LegAnswer)."""
    return until_all_done(jobs, lambda rest: run_runtime("evaluate", {"problems": problems, "jobs": rest}, timeout,
                                                         failure, hash_seed, wheels), failure)


def suite_timeout(problems: list[Problem]) -> float:
    """A batch's time limit: the largest single problem's, plus two seconds per problem."""
    budgets = [problem.time_limit * (len(targets_of(problem)) + 2) + 20 for problem in problems]
    return max(budgets) + 2 * (len(problems) - 1)


def suite_failure(where: Path) -> Failure:
    """How a failing CPython run of the hidden tests is reported."""
    return Failure(where, "look for an endless loop in a solution or a test, or raise `time_limit`",
                   "the test runner crashed", "run the hidden tests with pytest by hand to see the error")


@dataclass(frozen=True)
class CPythonLeg:
    """The host leg: `python -m exercisekit.runtime` subprocesses (see `interpreter`)."""

    name: str = CPYTHON

    def prepare(self) -> None:
        """Nothing to fetch: this Python and its installed numpy and pytest run the tests."""

    def evaluate(self, request: LegRequest) -> list[LegResult]:
        return results_of(evaluate(request.problems, request.jobs, request.timeout, suite_failure(request.where),
                                   request.hash_seed, request.wheels))

    def record_probes(self, problems: list[Problem], timeout: float,
                      wheels: tuple[Path, ...] = ()) -> dict[str, ProbeRecord | None]:
        return probe_records(problems, timeout, wheels)

    def identity(self) -> str:
        interpreter = find_interpreter()   # interpreter.py: 3.13 where found
        return f"{interpreter.executable} {interpreter.version}"


@dataclass(frozen=True)
class SuiteRuns:
    """Everything `check` runs for one problem under CPython."""

    first: Results            # RunKey(CPYTHON, target label) -> RunResult.to_json(), hash seed 0
    second: Results           # the same again with hash seed 1: a flaky test differs
    probes: ProbeRecord | None  # probing.record_outputs, or None for a problem without probes.py
    examples: Results = field(default_factory=Results)   # RunKey(CPYTHON, "example:LINE") -> a TryAnswer


def probe_records(problems: list[Problem], timeout: float, wheels: tuple[Path, ...] = ()) -> dict[str, ProbeRecord | None]:
    """Outputs of the reference and of each known-wrong solution on each problem's probes,
    in one subprocess; None for a problem without probes.py."""
    jobs = {problem.slug: {"probes_path": str(problem.probes_path), "module_name": problem.slug,
                           "function": problem.function,
                           "solutions": {"reference": str(problem.reference_path),
                                         **{w.name: str(w.path) for w in problem.wrong}}}
            for problem in problems if problem.probes_path is not None}
    records: dict[str, ProbeRecord | None] = {problem.slug: None for problem in problems}
    if jobs:
        alone = problems[0].probes_path
        where = alone if len(problems) == 1 and alone is not None else Path("hidden_tests")
        failure = Failure(where, "use small probe inputs; look for an endless loop in a solution",
                          "recording the probe outputs failed",
                          "make probes() return a list of keyword-argument dicts the function accepts; if the "
                          "message is empty, a solution ended the Python process (os._exit, a crash)")
        records.update(zip(jobs, run_runtime("record", list(jobs.values()), timeout, failure, wheels=wheels)))
    return records


def record_probes(problem: Problem, timeout: float = 60) -> ProbeRecord | None:
    """The probe record of one problem (see `probe_records`)."""
    return probe_records([problem], timeout)[problem.slug]


def run_suites(problems: list[Problem], wheels: tuple[Path, ...] = (), leg: HostLeg | None = None) -> dict[str, SuiteRuns]:
    """Record each problem's probes, then run its hidden tests against all its targets twice
    (hash seeds 0 and 1), in the host `leg` (CPython's by default): three subprocesses for
    the whole batch, since starting Python with pytest and numpy costs more than most suites
    take to run.

    All `problems` must ask for the same extra packages, whose `wheels` go on sys.path.
    Raises ProblemError when a run fails or runs out of time; the caller then runs the
    problems one at a time to learn which one is at fault.
    """
    host: HostLeg = leg or CPythonLeg()
    timeout = suite_timeout(problems)
    where = problems[0].tests_dir if len(problems) == 1 else Path("hidden_tests")
    records = host.record_probes(problems, timeout=60 + 2 * len(problems), wheels=wheels)
    data = {problem.slug: problem_data(problem, records[problem.slug], None) for problem in problems}
    jobs = evaluation_jobs(problems)
    # The Example's snippets run once, after the targets (the reference's run warms up first).
    first_jobs = jobs + example_jobs(problems)
    first, examples = sort_answers(first_jobs, host.evaluate(LegRequest(data, first_jobs, wheels, where, 0, timeout)),
                                   host.name)
    second, _ = sort_answers(jobs, host.evaluate(LegRequest(data, jobs, wheels, where, 1, timeout)), host.name)
    return {problem.slug: SuiteRuns(first[problem.slug], second[problem.slug], records[problem.slug],
                                    examples.get(problem.slug, Results()))
            for problem in problems}
