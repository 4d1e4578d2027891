"""A leg of `check` that answers from memory: literal results instead of processes.

It stands in for the CPython leg (as the host: it also answers the probe records) or the
Pyodide leg, so the rules, the report, the cache and the batching above legs.Leg run on
results a test writes out in full.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exercisekit.check.legs import LegRequest, LegResult
from exercisekit.errors import ProblemError
from exercisekit.problems.model import Problem
from exercisekit.runtime.contract import ProbeRecord
from exercisekit.runtime.results import PASSED, Row, RunResult


def row(test_id: str, outcome: str = PASSED, message: str = "", cpu_ms: float = 1.0) -> Row:
    """One test case's row, named as its id."""
    return Row(id=test_id, name=test_id, outcome=outcome, message=message, cpu_ms=cpu_ms)


def run(*rows: Row, **fields) -> RunResult:
    """A run of the hidden tests with these rows (and RunResult's other fields)."""
    return RunResult(rows=list(rows), **fields)


@dataclass
class MemoryLeg:
    """Answers each job by its (problem, label) from `answers`; with hash seed 1 from
    `reruns` first (a flaky test differs there). `fails` names problems whose presence in a
    request makes the whole request fail, as a crashed process would. Every request is kept."""

    name: str
    answers: dict[tuple[str, str], LegResult]
    reruns: dict[tuple[str, str], LegResult] = field(default_factory=dict)
    probes: dict[str, ProbeRecord] = field(default_factory=dict)
    fails: set[str] = field(default_factory=set)
    requests: list[LegRequest] = field(default_factory=list)
    prepared: int = 0

    def prepare(self) -> None:
        self.prepared += 1

    def evaluate(self, request: LegRequest) -> list[LegResult]:
        self.requests.append(request)
        crashed = self.fails & set(request.problems)
        if crashed:
            raise ProblemError(request.where, f"the leg crashed on {sorted(crashed)}", "fix it")
        found = []
        for job in request.jobs:
            key = (job["problem"], job.get("label", ""))
            found.append(self.reruns.get(key, self.answers[key]) if request.hash_seed == 1 else self.answers[key])
        return found

    def record_probes(self, problems: list[Problem], timeout: float,
                      wheels: tuple[Path, ...] = ()) -> dict[str, ProbeRecord | None]:
        return {problem.slug: self.probes.get(problem.slug) for problem in problems}

    def identity(self) -> str:
        return f"memory leg {self.name}"
