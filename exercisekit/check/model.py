"""What `check` finds: the result of each run, keyed by leg and target, and a problem's report."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ProblemError
from ..problems.data import expected_rows
from ..problems.model import Problem
from ..runtime.contract import ExpectedRow, ProbeRecord
from ..runtime.results import ERROR, FAILED

# The two legs every problem's tests run in.
CPYTHON, IN_PYODIDE = "cpython", "pyodide"
# How the Pyodide leg reads in the CLI's text and in labels of earlier versions.
PYODIDE = "in Pyodide: "


@dataclass(frozen=True)
class RunKey:
    """Which run a result is: the leg (CPYTHON or IN_PYODIDE) and the target's label
    ("reference", "starter" or "wrong/NAME", as cpython.Target names them)."""

    leg: str
    target: str

    @classmethod
    def of(cls, key: RunKey | str) -> RunKey:
        """`key` itself, or the key a label such as "in Pyodide: wrong/NAME" stands for."""
        if isinstance(key, RunKey):
            return key
        if key.startswith(PYODIDE):
            return cls(IN_PYODIDE, key[len(PYODIDE):])
        return cls(CPYTHON, key)

    @property
    def label(self) -> str:
        """The label the CLI's text shows: the target, prefixed by the leg inside Pyodide."""
        return (PYODIDE if self.leg == IN_PYODIDE else "") + self.target


def cpython(target: str) -> RunKey:
    return RunKey(CPYTHON, target)


def pyodide(target: str) -> RunKey:
    return RunKey(IN_PYODIDE, target)


# One run's result, as RunResult.to_json made it (or {"error": ...} when the runtime failed): a
# contract.RunAnswer or JobFailure, which the rules read as a plain dict.
Result = dict[str, Any]


class Results(dict[RunKey, Result]):
    """Results of one problem's runs by RunKey. A label (`"reference"`,
    `PYODIDE + "wrong/NAME"`) is accepted for `[]` and `in` too, for callers that name runs
    as the CLI prints them."""

    def __getitem__(self, key: RunKey | str) -> Result:
        return super().__getitem__(RunKey.of(key))

    def __setitem__(self, key: RunKey | str, value: Result) -> None:
        super().__setitem__(RunKey.of(key), value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, (RunKey, str)) and super().__contains__(RunKey.of(key))

    def to_json(self) -> dict[str, Result]:
        """A JSON-ready form (for the cache), keyed by label: JSON objects have text keys."""
        return {key.label: result for key, result in self.items()}

    @classmethod
    def from_json(cls, stored: dict[str, Result]) -> Results:
        """The inverse of `to_json`."""
        return cls({RunKey.of(label): result for label, result in stored.items()})


@dataclass
class ProblemReport:
    """What `check` found for one problem."""

    slug: str
    problem: Problem | None = None
    results: Results = field(default_factory=Results)
    errors: list[ProblemError] = field(default_factory=list)
    warnings: list[ProblemError] = field(default_factory=list)
    probes: ProbeRecord | None = None  # probe inputs and outputs, as probing.record_outputs made them
    diagnosed: dict[str, list[str]] | None = None  # known-wrong name -> what its probe outputs match
    # The runs of the statement's Example against the reference, RunKey(leg, "example:LINE") ->
    # a TryAnswer, in each leg; and notes (not errors) such as an Example check cannot run.
    examples: Results = field(default_factory=Results)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def loaded(self) -> Problem:
        """The problem, for a report of one whose files loaded (every passing report is)."""
        if self.problem is None:
            raise ValueError(f"problem {self.slug} did not load, so it has no checked files")
        return self.problem

    @property
    def expected(self) -> list[ExpectedRow] | None:
        """The rows of a complete run, from the reference's CPython run."""
        reference = self.results.get(cpython("reference"))
        return expected_rows(reference) if reference else None


def failing(result: Result) -> list[dict[str, Any]]:
    """The rows of a run that failed or errored."""
    return [row for row in result["rows"] if row["outcome"] in (FAILED, ERROR)]


def caught(result: Result) -> bool:
    """Did this run tell the code apart from a correct one?"""
    return bool(failing(result)) or result.get("stop") is not None
