"""The seam where `check` starts a process: what both legs share.

A leg runs hidden-test jobs somewhere (cpython.py: `python -m exercisekit.runtime`
subprocesses; pyodide.py: the vendored Pyodide under Node) and answers typed results, one
per job, in order: a `RunResult` for a run, a `TryResult` for an Example's snippet, a
`JobFailed` when the session itself failed. Everything above this module (run.py, rules.py,
report.py, cache.py and the site build) reaches a leg only through `Leg` and `HostLeg`,
so it can be tested with a leg that answers from memory (tests/unit/memory_leg.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, TypeVar, cast

from ..errors import ProblemError
from ..problems.model import Problem
from ..runtime.contract import (
    EvaluateJob,
    JobFailure,
    LegAnswer,
    ProbeRecord,
    ProblemData,
    RunAnswer,
    TryAnswer,
)
from ..runtime.results import RunResult, result_from_json


@dataclass(frozen=True)
class TryResult:
    """What a `try` job gave (contract.TryAnswer): the snippet's value as text, or its error."""

    value: str | None
    stdout: str = ""
    error: str | None = None
    traceback: tuple[str, ...] = ()
    line: int | None = None
    tainted: bool = False
    duration_ms: float = 0.0

    def to_json(self) -> TryAnswer:
        """The contract form, as the report and the cache keep it."""
        return cast(TryAnswer, {**asdict(self), "traceback": list(self.traceback)})


@dataclass(frozen=True)
class JobFailed:
    """The answer to a job whose session itself failed (not the code it ran)."""

    error: str

    def to_json(self) -> JobFailure:
        return {"error": self.error}


# One job's answer as a leg gives it.
LegResult = RunResult | TryResult | JobFailed


def result_of(answer: RunAnswer | TryAnswer | JobFailure) -> LegResult:
    """The typed form of one answer a leg's process printed as JSON (contract.LegAnswer)."""
    if "error" in answer and "rows" not in answer and "value" not in answer:
        return JobFailed(str(answer["error"]))
    if "rows" in answer:
        return result_from_json(cast(RunAnswer, answer))
    tried = cast(TryAnswer, answer)
    return TryResult(value=tried["value"], stdout=tried.get("stdout", ""), error=tried.get("error"),
                     traceback=tuple(tried.get("traceback", [])), line=tried.get("line"),
                     tainted=tried.get("tainted", False), duration_ms=tried.get("duration_ms", 0.0))


def results_of(answers: LegAnswer) -> list[LegResult]:
    """Every answer of a leg's process, typed."""
    return [result_of(answer) for answer in answers]


def tainted(result: LegResult) -> bool:
    """Did this run leave its interpreter unusable (the process answers no more jobs)?"""
    return not isinstance(result, JobFailed) and result.tainted


@dataclass(frozen=True)
class Failure:
    """How to report a leg's process that fails: where, and what to do in each case."""

    file: Path
    timeout_fix: str
    crash_message: str
    crash_fix: str


Answer = TypeVar("Answer")


def until_all_done(jobs: list[EvaluateJob], run_some: Callable[[list[EvaluateJob]], list[Answer]],
                   failure: Failure) -> list[Answer]:
    """Results of every job. A run that taints its interpreter ends a process's answer
    early (see exercisekit/runtime/__main__.py); `run_some` starts a fresh one for the rest."""
    results: list[Answer] = []
    while len(results) < len(jobs):
        answer = run_some(jobs[len(results):])
        if not answer:
            raise ProblemError(failure.file, f"{failure.crash_message}: no result", failure.crash_fix)
        results += answer
    return results


@dataclass(frozen=True)
class LegRequest:
    """What a leg runs: each problem's data, the jobs in order, the extra packages' wheels
    (every problem asks for the same ones), the file its errors name, the hash seed and
    the time limit of one process, in seconds."""

    problems: dict[str, ProblemData]
    jobs: list[EvaluateJob]
    wheels: tuple[Path, ...] = ()
    where: Path = Path("hidden_tests")
    hash_seed: int = 0
    timeout: float = 300


class Leg(Protocol):
    """Somewhere the hidden tests run."""

    @property
    def name(self) -> str:
        """The RunKey leg its results are keyed by (model.CPYTHON, model.IN_PYODIDE)."""
        ...

    def prepare(self) -> None:
        """Make ready what every run needs (the browser runtime's files); raise ProblemError
        when that fails. Called once, before runs in parallel."""

    def evaluate(self, request: LegRequest) -> list[LegResult]:
        """One result per job of `request`, in order; raise ProblemError when the leg's
        process fails or runs out of time."""
        ...


class HostLeg(Leg, Protocol):
    """The leg `check` judges first: it also records the probe outputs (probes.py) that
    the diagnosis and the sweeps are judged on."""

    def record_probes(self, problems: list[Problem], timeout: float,
                      wheels: tuple[Path, ...] = ()) -> dict[str, ProbeRecord | None]:
        """Each problem's probe record, None for one without probes.py."""
        ...

    def identity(self) -> str:
        """What makes this leg's results differ from another's (its Python and versions): a
        cached report is reused only under the same identity."""
        ...


@dataclass(frozen=True)
class Legs:
    """The legs one `check` runs: the host leg (CPython), and the browser's (Pyodide under
    Node), which re-runs every problem that passed the host leg; None skips it."""

    host: HostLeg
    browser: Leg | None = None
