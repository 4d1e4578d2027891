"""The one declared shape of the data that crosses a process or language boundary.

Everything here travels as JSON: the problem data the build writes and every runtime
receives (the page's worker, `check`'s Node leg and its CPython leg), the probe record
`check` makes at build time, the jobs a session is given and its answers, and the results
`check`'s two legs hand back. The JavaScript side declares the same shapes once, in
web/static/contract.mjs, whose validators the page and the Node scripts use;
tests/test_contract.py proves the two agree, field by field, and on samples made by the
real code. A field added here must be added there too, or that test fails.

Only the standard library: this module ships to the browser with the rest of the runtime.
Its annotations are evaluated when it loads (no `from __future__ import annotations`): on
Python 3.11 a postponed `NotRequired[...]` would leave the key among __required_keys__.
"""
from typing import Any, Literal, NotRequired, TypedDict

# The outcome of one row and why a run stopped short (results.py names each one).
Outcome = Literal["passed", "failed", "error", "skipped", "xfailed", "xpassed"]
StopKind = Literal["load_error", "collection_error", "interrupted", "crash", "timeout", "startup_failure"]
# A y value of a curve: a float, "nan" / "inf" / "-inf" (JSON has no such numbers), or None
# where the point raised.
YValue = float | str | None
# An encoded probe input or output (probing.encode): nested dicts, lists and scalars.
Encoded = Any


# --- the problem data (problems/data.py writes it, Session reads it) -------------------------

class TextFile(TypedDict):
    """A hidden-test file that is UTF-8 text."""

    text: str


class BinaryFile(TypedDict):
    """A hidden-test file that is not UTF-8 text (.npy, ...), base64-encoded."""

    base64: str


FileEntry = TextFile | BinaryFile


class ExpectedRow(TypedDict):
    """A row the reference's run gave, with its outcome there."""

    id: str
    name: str
    outcome: Outcome
    points: NotRequired[float]   # what passing the row is worth (1 unless [tests] says)


class Mistake(TypedDict):
    """What the page says of a known-wrong solution the learner's code behaves like."""

    summary: str
    explanation: str
    hint: str


class ProbeOutputs(TypedDict):
    """The probe inputs and the outputs of the reference and of each known-wrong solution
    on them (None for a solution that raised); what the page's diagnosis compares with."""

    inputs: list[Encoded]
    reference: list[Encoded] | None
    wrong: dict[str, list[Encoded] | None]
    errors: dict[str, str]   # solution name -> why it has no outputs


class CurveError(TypedDict):
    """A point of a sweep where the code raised (x is None for a histogram)."""

    x: float | None
    message: str


class Curve(TypedDict):
    """The output of one solution on one sweep (sweeps.curve)."""

    ys: list[YValue]
    errors: list[CurveError]


class SweepDescription(TypedDict):
    """What ships about a sweep besides the curves (sweeps.describe). A line or histogram
    has `xs`; images have their layout (`shape`, `count`, `range`, ...); a scatter plot the
    label of each point. Every kind ships its output flattened as a curve's `ys`."""

    name: str
    title: str
    x_label: str
    y_label: str
    kind: Literal["line", "histogram", "images", "scatter"]
    xs: NotRequired[list[float]]           # line, histogram
    target: NotRequired[list[YValue]]      # a histogram's target density at each x
    shape: NotRequired[list[int]]          # images: [rows, cols] of one image
    count: NotRequired[int]                # images: how many
    range: NotRequired[list[float]]        # images: the pixel values drawn black and white
    captions: NotRequired[list[str] | None]
    inputs: NotRequired[list[YValue] | None]   # images: what the model was given, flattened
    before: NotRequired[list[YValue]]      # images: the untrained model's, flattened
    labels: NotRequired[list[str]]         # scatter: each point's label
    label_name: NotRequired[str]           # scatter: what the labels are
    only_when_apart: NotRequired[bool]     # line: plotted only when the learner's curve departs


class ShippedSweep(SweepDescription):
    """A sweep as the page receives it: the reference's curve only."""

    reference: Curve | None


class RecordedSweep(ShippedSweep):
    """A sweep as `check` records it: the known-wrong solutions' curves too."""

    wrong: dict[str, Curve]


class ProbesFailure(TypedDict):
    """What went wrong in the author's probes.py itself, at which of its lines."""

    message: str
    line: int | None
    missing_module: str | None


class SweepProblem(TypedDict):
    """A sweep declaration `check` refuses (sweeps.problems), and the fix."""

    message: str
    fix: str


class ProbeRecord(ProbeOutputs):
    """probing.record_outputs: everything `check` records on a problem's probes."""

    sweeps: list[RecordedSweep]
    sweep_problems: NotRequired[list[SweepProblem]]   # when any, no sweep was evaluated
    probes_error: NotRequired[ProbesFailure]   # only when probes.py failed: the rest is empty


class ProblemData(TypedDict):
    """What every runtime builds its Session from (problems/data.py describes each field)."""

    slug: str
    kind: Literal["function", "script"]
    module: str
    function: str
    time_limit: float
    tolerance: float
    names: dict[str, str]               # [tests] key -> display name, in display order
    points: NotRequired[dict[str, float]]   # [tests] key -> the points of each row it covers
    expected: list[ExpectedRow] | None  # None while checking
    files: dict[str, FileEntry]         # every file of hidden_tests/SLUG/ by relative path
    starter: str
    hints: list[str]
    probes: ProbeOutputs | None
    sweeps: list[ShippedSweep]
    mistakes: dict[str, Mistake]
    solution: NotRequired[str]          # only when the author allows *Show solution*


# --- the page config (site/build.py page_config writes it into each problem page) -------------

class RuntimeUrls(TypedDict):
    """What the worker loads, relative to the site root (the page makes each one absolute)."""

    pyodideDir: str
    numpyWheel: str
    testWheels: list[str]
    packageWheels: list[str]   # only the packages this problem asks for
    dataUrl: str               # content-named: data/SLUG.HASH.json
    runtimeUrl: str


class TrackLink(TypedDict):
    """A neighbour of the problem on a track."""

    url: str
    title: str


class TrackSteps(TypedDict):
    """The problems before and after this one on a track holding it (None at either end)."""

    name: str
    prev: TrackLink | None
    next: TrackLink | None


class PageConfig(TypedDict):
    """What a problem page's script reads from its JSON config (app.js, offline.js, the
    worker's first message): the one shape of it, declared in contract.mjs too."""

    slug: str
    starter: str
    timeLimit: float
    expected: list[ExpectedRow] | None
    workerUrl: str
    plotUrl: str
    plotCss: str
    sweeps: list[ShippedSweep]
    serviceWorker: str | None     # None when the build opts out of offline use
    embedOrigin: str              # where a page inside an iframe posts its results
    runtime: RuntimeUrls
    dataSha256: str               # the SHA-256 of the problem data, which the worker checks
    tracks: NotRequired[list[TrackSteps]]   # added once every page of the build is known


# --- jobs and their answers (Session.handle) -------------------------------------------------

JobKind = Literal["warm_up", "run", "try", "sweeps"]


class JobRequest(TypedDict):
    """One job for a session: `warm_up` (the first, trusted run), `run` the hidden tests,
    `try` a snippet, `sweeps` the learner's curves. `settle`: restore the interpreter before
    answering (a run only; the browser settles later, once the result is shown)."""

    job: JobKind
    code: str
    snippet: NotRequired[str]
    settle: NotRequired[bool]


class RowAnswer(TypedDict):
    """The outcome of one test case (results.Row)."""

    id: str
    name: str
    outcome: Outcome
    message: str
    traceback: list[str]
    line: int | None
    duration_ms: float
    cpu_ms: NotRequired[float]   # absent from rows the page makes for a run that never reported
    stdout: str
    points: NotRequired[float]   # what passing the row is worth


class StopAnswer(TypedDict):
    """Why the tests could not all run (results.Stop)."""

    kind: StopKind
    message: str
    traceback: list[str]
    line: int | None


class DiagnosisAnswer(TypedDict):
    """The known mistake the learner's code behaves like (results.Diagnosis)."""

    name: str
    summary: str
    explanation: str
    hint: str


class RunAnswer(TypedDict):
    """RunResult.to_json: the answer to `warm_up` and `run`."""

    rows: list[RowAnswer]
    stop: StopAnswer | None
    stdout: str
    duration_ms: float
    diagnosis: DiagnosisAnswer | None
    tainted: bool
    passed: int
    total: int
    points_earned: NotRequired[float]   # the points of the rows that passed
    points_total: NotRequired[float]    # the points of the rows that count
    timedOut: NotRequired[bool]   # set by the page (runtime_client.mjs), never by Python


class TryAnswer(TypedDict):
    """Session.try_snippet: the answer to `try`."""

    value: str | None
    stdout: str
    error: str | None
    traceback: list[str]
    line: int | None
    tainted: bool
    duration_ms: float


class LabelSummary(TypedDict):
    """A scatter plot's points of one label: how many, how many finite, their mean."""

    label: str
    count: int
    finite: int
    mean: list[float] | None


class LearnerCurve(Curve):
    """The learner's curve on one sweep, and where it visibly parts from the reference's:
    x values (line, histogram), image indices (images) or point indices (scatter)."""

    name: str
    parts_at: list[float]
    distances: NotRequired[list[float | None]]         # images: each image's distance
    summary: NotRequired[list[LabelSummary]]           # scatter: the learner's points per label
    reference_summary: NotRequired[list[LabelSummary]]  # scatter: the reference's


class SweepAnswer(TypedDict):
    """Session.sweep_curves: the answer to `sweeps`."""

    curves: list[LearnerCurve]
    error: str | None
    traceback: list[str]
    line: int | None
    stdout: str
    tainted: bool
    duration_ms: float


# --- check's legs (python -m exercisekit.runtime evaluate, web/node/run_in_pyodide.mjs) ------

class EvaluateJob(TypedDict):
    """One run `check` asks a leg for: `code` against the problem `problem`; a trusted job
    (the reference) warms its session up. With `snippet` the job is a `try` (the snippet
    against `code`, as the page's Try it runs it), answered by a TryAnswer: how `check`
    runs a statement's Example against the reference."""

    problem: str
    code: str
    trusted: bool
    label: NotRequired[str]   # the target's label, for the caller; the leg ignores it
    snippet: NotRequired[str]


class EvaluateRequest(TypedDict):
    """What both legs of `check` read: each problem's data, and the jobs in order."""

    problems: dict[str, ProblemData]
    jobs: list[EvaluateJob]


class JobFailure(TypedDict):
    """The answer to a job whose session itself failed (not the learner's code)."""

    error: str


# A leg's answer: one result per job, in order, ending early after a tainted run.
LegAnswer = list[RunAnswer | TryAnswer | JobFailure]
