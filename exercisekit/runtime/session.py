"""The one entry point that evaluates learner code, in the browser, under Node and in CPython.

A `Session` is built once from a problem's data (the JSON the build writes for each
problem page) and a home folder. `evaluate(code)` writes the hidden tests afresh and the
learner's module, runs the tests, names a known mistake when that is meaningful, puts the
interpreter back as it was, and returns one `RunResult`. `prepare_next()` configures
pytest for the next run while the learner types.

Every caller reaches a session through one dispatch table, `Session.handle` (keyed by the
job's kind: warm_up, run, try, sweeps; shapes in contract.py): the browser worker calls
`open_session` and `Session.handle_json` through Pyodide's `pyimport`, and both legs of
`check` call `evaluate_jobs_json` (web/node/run_in_pyodide.mjs under Node, `python -m
exercisekit.runtime` under CPython), which runs a list of jobs through the same table.
"""
from __future__ import annotations

import ast
import base64
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from typing import Any, cast

from . import isolation
from .contract import (
    BinaryFile,
    EvaluateRequest,
    FileEntry,
    JobFailure,
    JobKind,
    JobRequest,
    LearnerCurve,
    LegAnswer,
    ProblemData,
    RunAnswer,
    SweepAnswer,
    TryAnswer,
)
from .learner_text import clip, describe, learner_frames
from .probing import diagnose_module, load_module, sweep_specs
from .results import CRASH, ERROR, Diagnosis, Row, RunResult, Stop, held_to_reference
from .runner import (
    PreparedRun,
    PrintedOutput,
    covering_key,
    forget_modules,
    load_learner,
    prepare_run,
    run_tests,
    use_folders,
)
from .sweeps import compare, curve

SNIPPET_FILE = "<snippet>"
# Files of hidden_tests/SLUG/data/ are copied beside the learner's code, which runs with that
# folder as its working directory: `open("values.csv")` finds them in every leg.
DATA_FOLDER = "data/"


def write_tree(folder: str, files: dict[str, FileEntry]) -> None:
    """Make `folder` hold exactly `files` (relative path -> {"text": ...} or {"base64": ...}):
    stray files are removed."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    for relative, entry in files.items():
        path = os.path.join(folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if "base64" in entry:
            content = base64.b64decode(cast(BinaryFile, entry)["base64"])
        elif "text" in entry:   # a lone surrogate from the page cannot be UTF-8: it becomes U+FFFD, nothing more
            content = entry["text"].encode("utf-8", errors="replace")
        else:
            raise ValueError(f"the problem data's entry for {relative} has neither text nor base64")
        with open(path, "wb") as stream:
            stream.write(content)


class Session:
    """Evaluations of learner code against one problem's hidden tests."""

    def __init__(self, data: ProblemData, home: str):
        self.data = data
        self.module = data["module"]
        self.names = data["names"]
        self.points: dict[str, float] = data.get("points") or {}   # [tests] key -> points per row
        self.script = data.get("kind") == "script"
        self.expected = data.get("expected")   # [{id, name, outcome}] from the reference's run
        self.tests_dir = os.path.join(home, "tests")
        self.code_dir = os.path.join(home, "code")
        self._prepared: PreparedRun | None = None
        self._baseline: isolation.Baseline | None = None
        self._unsettled = False   # a run happened since the interpreter was last restored
        self._cwd = os.getcwd()
        self._moved = False

    def warm_up(self, code: str) -> RunResult:
        """A first, trusted run (the starter or the reference) imports what later runs need;
        the interpreter's state after it is what every later run starts from."""
        result = self._run(code)
        self._baseline = isolation.capture()
        return result

    def prepare_next(self) -> None:
        """Configure pytest for the next run now, so that a click pays only for running."""
        try:
            self._prepared = prepare_run(self.tests_dir, self.code_dir, self.module)
        except BaseException:
            self._prepared = None   # the run configures pytest itself and reports any error

    def resume(self) -> bool:
        """Make this the interpreter's session again after another one was opened and warmed
        up in it (the page prepares the next problem ahead in its spare): the interpreter
        goes back to this session's state after its own warm-up, so nothing of the other
        reaches this one's runs. Its pytest configuration from before is dropped: the caller
        makes the next one (prepare_next). True when the interpreter could not be restored
        completely."""
        self._unsettled = False
        self._prepared = None
        return bool(isolation.restore(self._baseline)) if self._baseline is not None else False

    def reseed(self) -> None:
        """Fresh random seeds, kept by later restores: this interpreter is one of many copies
        of a memory snapshot (exercisekit/runtime/snapshot.py)."""
        self._baseline = isolation.reseed(self._baseline)

    def evaluate(self, code: str, settle: bool = True) -> RunResult:
        """Run the hidden tests against `code`. With `settle` the interpreter is restored
        before this returns (and `tainted` says whether it could be); without, the caller
        calls `settle()` before the next run: the browser does it once the result is on the
        page, so a click does not wait for it."""
        self.settle()
        if self._baseline is None:
            self._baseline = isolation.capture()
        result = self._run(code)
        self._unsettled = True
        if settle:
            result.tainted = self.settle()
        return result

    def settle(self) -> bool:
        """Restore the interpreter after the last run, if that is not done yet. True when it
        could not be restored completely: the next run then needs a fresh interpreter."""
        if not self._unsettled or self._baseline is None:   # a run captures the baseline before it sets _unsettled
            return False
        self._unsettled = False
        return bool(isolation.restore(self._baseline))

    def _run(self, code: str) -> RunResult:
        started = time.perf_counter()
        prepared, self._prepared = self._prepared, None
        try:
            self._write_files(code)
            result = run_tests(self.tests_dir, self.code_dir, self.module, self.names, prepared=prepared,
                               script=self.script)
            # Before the diagnosis, so code that skips the inputs it gets wrong is diagnosed too.
            result.rows = held_to_reference(result.rows, self.expected)
            result.diagnosis = self._diagnose(result)
        except BaseException as exc:   # learner code must never take the runtime down
            result = RunResult([], Stop(CRASH, f"the test runner failed: {describe(exc)}"))
        finally:
            prepared = None
            self._forget_problem_modules()
            self._leave_code_dir()
        result.rows = self._complete(result)
        for row in result.rows:
            # By the [tests] key, not from the learner's run: the weights are the author's.
            key = covering_key(row.id, self.names)
            row.points = float(self.points.get(key, 1.0)) if key is not None else 1.0
        result.duration_ms = round((time.perf_counter() - started) * 1000, 1)
        return result

    def try_snippet(self, code: str, snippet: str) -> TryAnswer:
        """Run `snippet` against the learner's `code`, without the hidden tests, like a
        console: the value of a last line that is an expression comes back as its repr,
        with what was printed. The interpreter is restored afterwards, as after `evaluate`.

        `error` is the message of an exception (in the code at import or in the snippet),
        `traceback` the lines of the learner's code and of the snippet it passed through,
        `line` the learner's line it points at.
        """
        module_file = os.path.join(self.code_dir, f"{self.module}.py")
        found = self._with_learner_code(
            code, lambda: _run_snippet(self.module, module_file, snippet, self.script, self.tests_dir))
        return TryAnswer(value=found.get("value"), stdout=found["stdout"], error=found.get("error"),
                         traceback=found.get("traceback", []), line=found.get("line"), tainted=found["tainted"],
                         duration_ms=found["duration_ms"])

    def sweep_curves(self, code: str) -> SweepAnswer:
        """The learner's curve on each sweep of the problem (runtime/sweeps.py), for the
        page's plots; `error` when the code could not be loaded."""
        module_file = os.path.join(self.code_dir, f"{self.module}.py")

        def curves() -> dict[str, Any]:
            try:
                module = load_learner(self.module, module_file, self.script, self.tests_dir)
            except BaseException as exc:
                lines, line = learner_frames(exc, module_file)
                return {"error": f"your code could not be loaded: {describe(exc)}", "traceback": lines, "line": line}
            specs = sweep_specs(load_module(os.path.join(self.tests_dir, "probes.py"), "probes"))
            reference = {sweep["name"]: sweep for sweep in self.data.get("sweeps") or []}
            curves: list[LearnerCurve] = []
            for spec in specs:
                found = curve(module, spec)
                shipped = reference.get(spec["name"])
                # Where the learner's output visibly departs: what the plot's text says.
                compared = compare(cast(dict[str, Any], shipped), dict(found)) if shipped \
                    else {"parts_at": []}
                curves.append(cast(LearnerCurve, {"name": spec["name"], **found, **compared}))
            return {"curves": curves}

        found = self._with_learner_code(code, curves)
        return SweepAnswer(curves=found.get("curves", []), error=found.get("error"),
                           traceback=found.get("traceback", []), line=found.get("line"), stdout=found["stdout"],
                           tainted=found["tainted"], duration_ms=found["duration_ms"])

    def handle(self, request: JobRequest) -> RunAnswer | TryAnswer | SweepAnswer:
        """Do one job and give its answer: the one dispatch table every caller goes through
        (the worker, both legs of `check`), keyed by the job's kind."""
        kind = request["job"]
        if kind not in JOBS:
            raise ValueError(f"unknown job {kind!r}: a session does {', '.join(JOBS)}")
        return JOBS[kind](self, request)

    def handle_json(self, request_json: str) -> str:
        """`handle` for callers across a worker or process boundary: JSON in, JSON out."""
        return json.dumps(self.handle(cast(JobRequest, json.loads(request_json))))

    def _with_learner_code(self, code: str, action: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Write the problem's files and `code` as the learner's module, call `action()` with
        what it prints captured, and restore the interpreter, as after `evaluate`. Returns
        what `action` returned, with stdout, tainted and duration_ms."""
        tainted_before = self.settle()
        if self._baseline is None:
            self._baseline = isolation.capture()
        baseline = self._baseline
        started = time.perf_counter()
        printed = PrintedOutput()
        answer: dict[str, Any] = {}
        try:
            self._write_files(code)
            sys.dont_write_bytecode = True
            use_folders(self.code_dir, self.tests_dir)
            with redirect_stdout(printed), redirect_stderr(printed):
                answer = action()
        except BaseException as exc:   # learner code must never take the runtime down
            answer = {"error": f"the runtime failed: {describe(exc)}"}
        finally:
            self._forget_problem_modules()
            self._leave_code_dir()
            problems = isolation.restore(baseline)
        answer.update(stdout=printed.rest(), tainted=tainted_before or bool(problems),
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return answer

    def _write_files(self, code: str) -> None:
        """Write the hidden tests, the learner's module and the data files beside it, and
        with data files, enter the learner's folder (the caller goes back to `self._cwd`)."""
        self._cwd = os.getcwd()
        write_tree(self.tests_dir, self.data["files"])
        data_files = {name[len(DATA_FOLDER):]: entry for name, entry in self.data["files"].items()
                      if name.startswith(DATA_FOLDER)}
        write_tree(self.code_dir, {**data_files, f"{self.module}.py": {"text": code}})
        self._forget_problem_modules()
        # Only a problem with data files moves: elsewhere the working folder stays the one the
        # interpreter started in, as before (isolation.restore checks that it survives a run).
        if data_files:
            os.chdir(self.code_dir)
            self._moved = True

    def _leave_code_dir(self) -> None:
        """Back to the working folder a run with data files started from; if learner code
        removed it, isolation.restore reports that and the interpreter is replaced."""
        if self._moved:
            self._moved = False
            try:
                os.chdir(self._cwd)
            except OSError:
                pass

    def try_json(self, code: str, snippet: str) -> str:
        """`try_snippet` for callers across a worker boundary."""
        return self.handle_json(json.dumps({"job": "try", "code": code, "snippet": snippet}))

    def sweeps_json(self, code: str) -> str:
        """`sweep_curves` for callers across a worker boundary."""
        return self.handle_json(json.dumps({"job": "sweeps", "code": code}))

    def evaluate_json(self, code: str, settle: bool = True) -> str:
        """`evaluate` for callers across a process or worker boundary."""
        return self.handle_json(json.dumps({"job": "run", "code": code, "settle": settle}))

    def warm_up_json(self, code: str) -> str:
        """`warm_up` for callers across a process or worker boundary."""
        return self.handle_json(json.dumps({"job": "warm_up", "code": code}))

    @property
    def warmed_up(self) -> bool:
        return self._baseline is not None

    def _forget_problem_modules(self) -> None:
        names = {self.module, "conftest"}
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None) or ""
            if path.startswith((self.tests_dir + os.sep, self.code_dir + os.sep)):
                names.add(name)
        forget_modules(names)

    def _complete(self, result: RunResult) -> list[Row]:
        """Every test the problem expects gets a row: one that did not run says why, so a
        run can never look complete with tests missing."""
        if not self.expected:
            return result.rows
        present = {row.id for row in result.rows}
        # With a stop, its one message says why; it is not repeated in every row.
        message = "not run" if result.stop else "this test did not run"
        missing = [Row(entry["id"], entry["name"], ERROR, message)
                   for entry in self.expected if entry["id"] not in present]
        return result.rows + missing

    def _diagnose(self, result: RunResult) -> Diagnosis | None:
        """The known mistake the learner's function behaves like: only after a run whose
        tests all ran and some failed, and only when exactly one mistake matches."""
        record = self.data.get("probes")
        if record is None or result.stop is not None or not result.failed:
            return None
        found = diagnose_module(self.module, self.data["function"], record, self.data["tolerance"],
                                os.path.join(self.tests_dir, "probes.py"))
        if len(found) != 1:
            return None
        mistake = self.data["mistakes"][found[0]]
        return Diagnosis(found[0], mistake["summary"], mistake["explanation"], mistake["hint"])


def _run_snippet(module_name: str, module_file: str, snippet: str, script: bool = False,
                 tests_dir: str = "") -> dict[str, Any]:
    """Import the learner's module (or run a script problem's code), then run `snippet` with
    its public names in scope."""
    try:
        module = load_learner(module_name, module_file, script, tests_dir)
    except BaseException as exc:
        lines, line = learner_frames(exc, module_file)
        return {"error": f"your code could not be loaded: {describe(exc)}", "traceback": lines, "line": line}
    scope = {"__name__": "__snippet__", "__builtins__": __builtins__}
    scope.update({name: value for name, value in vars(module).items() if not name.startswith("_")})
    try:
        tree = ast.parse(snippet, SNIPPET_FILE)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        assert last is None or isinstance(last, ast.Expr)   # for the type checker: checked just above
        exec(compile(tree, SNIPPET_FILE, "exec"), scope)
        if last is None:
            return {}
        value = eval(compile(ast.Expression(last.value), SNIPPET_FILE, "eval"), scope)
        return {"value": clip(_safe_repr(value), 5000)}
    except BaseException as exc:
        lines, line = learner_frames(exc, module_file)
        if isinstance(exc, SyntaxError) and exc.filename == SNIPPET_FILE:
            lines = [f"snippet line {exc.lineno}: {(exc.text or '').strip()}"]
        return {"error": describe(exc), "traceback": lines, "line": line}


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except BaseException as exc:   # a learner's __repr__ may raise
        return f"<{type(value).__name__} whose repr raised {describe(exc)}>"


def open_session(data_json: str, home: str) -> Session:
    """A session for the problem whose data (as the build writes it) is `data_json`."""
    return Session(json.loads(data_json), home)


# The one dispatch table: a job's kind -> what the session does with it.
JOBS: dict[JobKind, Callable[[Session, JobRequest], RunAnswer | TryAnswer | SweepAnswer]] = {
    "warm_up": lambda session, request: session.warm_up(request["code"]).to_json(),
    "run": lambda session, request: session.evaluate(request["code"], request.get("settle", True)).to_json(),
    "try": lambda session, request: session.try_snippet(request["code"], request.get("snippet", "")),
    "sweeps": lambda session, request: session.sweep_curves(request["code"]),
}


def evaluate_jobs(request: EvaluateRequest, home: str) -> LegAnswer:
    """What both legs of `check` do with their request: run each job in the session of its
    problem (one session, one warm-up per problem, under `home`), through `Session.handle`:
    a job with a `snippet` is a `try`, the others a warm-up (trusted, first) or a run.
    A job whose session itself failed answers {error}. After a run that left the interpreter
    tainted the answer ends early: the caller starts a fresh process for the jobs that remain."""
    sessions: dict[str, Session] = {}
    answers: LegAnswer = []
    for job in request["jobs"]:
        answer: RunAnswer | TryAnswer | JobFailure
        try:
            slug = job["problem"]
            if slug not in sessions:
                sessions[slug] = Session(request["problems"][slug], f"{home}/{len(sessions)}")
            session = sessions[slug]
            if "snippet" in job:   # a statement's Example against the reference: the page's `try`
                answer = cast(TryAnswer, session.handle(JobRequest(job="try", code=job["code"],
                                                                   snippet=job["snippet"])))
            else:
                kind: JobKind = "warm_up" if job.get("trusted") and not session.warmed_up else "run"
                answer = cast(RunAnswer, session.handle(JobRequest(job=kind, code=job["code"])))
        except Exception as exc:   # the session, not the learner's code (Session catches that)
            answer = JobFailure(error=describe(exc))
        answers.append(answer)
        if answer.get("tainted"):
            break
    return answers


def evaluate_jobs_json(request_json: str, home: str) -> str:
    """`evaluate_jobs` for callers across a process boundary: JSON in, JSON out."""
    return json.dumps(evaluate_jobs(cast(EvaluateRequest, json.loads(request_json)), home))
