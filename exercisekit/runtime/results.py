"""The one shape of an evaluation's result, shared by CPython, Node and the browser.

A run of the hidden tests against the learner's code gives a `RunResult`: one `Row` per
test case (each parametrized case and each unittest method is its own row), at most one
`Stop` naming why the tests could not all run, what the code printed, and the diagnosis of
a known mistake. `to_json` is the form that crosses process and worker boundaries,
declared as contract.RunAnswer (and in web/static/contract.mjs, which the page checks it with).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, cast

from .contract import ExpectedRow, RunAnswer

# Outcomes of one row, as pytest reports them. Only FAILED and ERROR count against the
# learner; SKIPPED, XFAILED and XPASSED are shown but are neither passed nor failed, except
# on a row the reference passed: there the session makes them FAILED (`held_to_reference`),
# since learner code can call pytest.skip() on exactly the inputs it gets wrong.
PASSED, FAILED, ERROR = "passed", "failed", "error"
SKIPPED, XFAILED, XPASSED = "skipped", "xfailed", "xpassed"
OUTCOMES = (PASSED, FAILED, ERROR, SKIPPED, XFAILED, XPASSED)
NOT_COUNTED = (SKIPPED, XFAILED, XPASSED)

# Why a run stopped short of giving every test its own outcome. Each has its own name so
# the page can say what happened, and none of them is ever shown as solved.
LOAD_ERROR = "load_error"        # the learner's module raised at import (SyntaxError, ...)
COLLECTION_ERROR = "collection_error"  # a test file could not be collected
INTERRUPTED = "interrupted"      # KeyboardInterrupt or pytest.exit() inside the learner's code
CRASH = "crash"                  # the runtime itself failed, or the worker died
TIMEOUT = "timeout"              # the run passed the problem's time limit (set by the page)
STARTUP_FAILURE = "startup_failure"  # Python could not start (set by the page)
STOP_KINDS = (LOAD_ERROR, COLLECTION_ERROR, INTERRUPTED, CRASH, TIMEOUT, STARTUP_FAILURE)


@dataclass
class Row:
    """The outcome of one test case."""

    id: str                 # pytest's node id without the file: "test_f[3]", "TestX::test_m"
    name: str               # what the learner reads: display name plus parameters
    outcome: str            # one of OUTCOMES
    message: str = ""       # the assertion or exception message, one paragraph
    traceback: list[str] = field(default_factory=list)  # lines in the learner's module only
    line: int | None = None  # the learner's line the failure points at, for the editor
    duration_ms: float = 0.0  # wall time of the test's call
    cpu_ms: float = 0.0     # CPU time of setup, call and teardown: what `check` budgets
    stdout: str = ""        # what the learner's code printed during this test
    points: float = 1.0     # what passing this row is worth ([tests] entry's `points`)


@dataclass
class Stop:
    """Why the tests could not all run; shown once, not in every row."""

    kind: str               # one of STOP_KINDS
    message: str
    traceback: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class Diagnosis:
    """A known mistake the learner's function behaves like, on the probe inputs."""

    name: str
    summary: str
    explanation: str
    hint: str


@dataclass
class RunResult:
    """Everything one evaluation of the learner's code found."""

    rows: list[Row]
    stop: Stop | None = None
    stdout: str = ""        # printed at import and outside any test
    duration_ms: float = 0.0
    diagnosis: Diagnosis | None = None
    # True when the run left state behind that could not be restored: the caller must use
    # a fresh interpreter for the next run (the verdict of *this* run stands).
    tainted: bool = False

    @property
    def passed(self) -> int:
        return sum(row.outcome == PASSED for row in self.rows)

    @property
    def counted(self) -> int:
        """Rows that count towards the verdict (skips and expected failures do not)."""
        return sum(row.outcome not in NOT_COUNTED for row in self.rows)

    @property
    def points_earned(self) -> float:
        """The points of the rows that passed."""
        return sum(row.points for row in self.rows if row.outcome == PASSED)

    @property
    def points_total(self) -> float:
        """The points of the rows that count (skips and expected failures do not)."""
        return sum(row.points for row in self.rows if row.outcome not in NOT_COUNTED)

    @property
    def failed(self) -> list[Row]:
        return [row for row in self.rows if row.outcome in (FAILED, ERROR)]

    def all_passed(self, expected: list[str] | None = None) -> bool:
        """Solved: nothing stopped the run, no row failed, at least one counted and, when
        `expected` row ids are given, exactly those rows ran."""
        if self.stop is not None or self.failed or self.counted == 0:
            return False
        return expected is None or sorted(row.id for row in self.rows) == sorted(expected)

    def to_json(self) -> RunAnswer:
        """The form that crosses process and worker boundaries (contract.RunAnswer)."""
        data: dict[str, Any] = asdict(self)
        data.update(passed=self.passed, total=self.counted, points_earned=self.points_earned,
                    points_total=self.points_total)
        return cast(RunAnswer, data)


NOT_COUNTED_WORDS = {SKIPPED: "skipped", XFAILED: "marked as an expected failure",
                     XPASSED: "marked as expected to fail"}


def held_to_reference(rows: list[Row], expected: list[ExpectedRow] | None) -> list[Row]:
    """`rows` with every row the reference's run passed (in `expected`, [{id, outcome}]) and
    the learner's run skipped, xfailed or xpassed turned into a FAILED row that says why:
    the learner's code decides what pytest sees, so a skip there is not a pass."""
    passed_by_reference = {entry["id"] for entry in expected or [] if entry.get("outcome", PASSED) == PASSED}
    held = []
    for row in rows:
        if row.id in passed_by_reference and row.outcome in NOT_COUNTED:
            why = f" ({row.message})" if row.message else ""
            row = replace(row, outcome=FAILED,
                          message=f"not passed: this test was {NOT_COUNTED_WORDS[row.outcome]} while running your "
                                  f"code{why}, and the reference passes it; a skip or an expected failure is not "
                                  f"a pass")
        held.append(row)
    return held


def result_from_json(data: RunAnswer) -> RunResult:
    """The inverse of `RunResult.to_json` (for check, which reads results from subprocesses)."""
    stop = data.get("stop")
    diagnosis = data.get("diagnosis")
    return RunResult(rows=[Row(**row) for row in data["rows"]], stop=Stop(**stop) if stop else None,
                     stdout=data.get("stdout", ""), duration_ms=data.get("duration_ms", 0.0),
                     diagnosis=Diagnosis(**diagnosis) if diagnosis else None, tainted=data.get("tainted", False))
