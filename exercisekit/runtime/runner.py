"""Run a problem's hidden tests against one module with pytest: one `Row` per test case.

Convention: the hidden tests import the code under test as a module named after the
problem's slug. `run_tests` puts the folder holding `<slug>.py` first on `sys.path`,
imports it (so an error at import reads as the learner's own), and runs pytest on the
tests folder. Standard library and pytest only: this file runs in CPython and Pyodide.
"""
from __future__ import annotations

import importlib
import io
import os
import sys
import textwrap
import time
import types
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # pytest is imported by the run itself, after the folders are in place
    import pytest

from .given import given_file, module_with_given
from .learner_text import clip, describe, learner_frames, safe_str
from .results import (
    COLLECTION_ERROR,
    ERROR,
    FAILED,
    INTERRUPTED,
    LOAD_ERROR,
    PASSED,
    SKIPPED,
    XFAILED,
    XPASSED,
    Row,
    RunResult,
    Stop,
)

# A script problem's hidden code, in hidden_tests/SLUG/: the setup makes the given names
# before the learner's code runs, the trailing code runs after it, in the same namespace.
SCRIPT_SETUP = "script_setup.py"
SCRIPT_TRAILING = "script_trailing.py"
STDOUT_LIMIT = 20_000
# Built-in pytest plugins a hidden-test run has no use for (reports to files, doctests,
# the legacy `tmpdir`/`testdir` fixtures, warnings about exceptions in `__del__` or
# threads). pytest registers every plugin afresh on each run, so each one left out makes
# every run faster. tests/test_runtime_session.py runs pytest-style and unittest-style
# suites with exactly this list: `debugging` stays (unittest support reads its `--trace`
# option), as do `skipping`, `unittest`, `python` and the fixtures' plugins.
UNUSED_PLUGINS = ("cacheprovider", "terminal", "doctest", "junitxml", "pastebin", "stepwise", "setuponly",
                  "setupplan", "faulthandler", "freeze_support", "legacypath", "python_path",
                  "unraisableexception", "threadexception")


class _BytesSink(io.RawIOBase):
    """`sys.stdout.buffer` for learner code that writes bytes: decoded into the text sink."""

    def __init__(self, text_sink: PrintedOutput):
        self.text_sink = text_sink

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.text_sink.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)


class PrintedOutput(io.TextIOBase):
    """Where learner code prints: per test (keyed by node id) and outside any test, with one
    bound on the total kept. What is cut is counted where it was printed, so the note of a
    cut stands on the row (or the loading output) where cutting began, and on each later one
    that lost output, never elsewhere."""

    def __init__(self, limit: int = STDOUT_LIMIT):
        self.limit = limit
        self.parts: dict[str | None, list[str]] = {}
        self.cut: dict[str | None, int] = {}   # characters not kept, by where they were printed
        self.current: str | None = None
        self.kept = 0
        self.dropped = 0
        self.buffer = _BytesSink(self)

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        text = text if isinstance(text, str) else str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.setdefault(self.current, []).append(text[:room])
            self.kept += min(room, len(text))
        lost = max(0, len(text) - max(room, 0))
        if lost:
            self.dropped += lost
            self.cut[self.current] = self.cut.get(self.current, 0) + lost
        return len(text)

    def text(self, key: str | None = None) -> str:
        """What was printed under `key`, with a note of how much of it was cut, if any."""
        text = "".join(self.parts.get(key, ()))
        lost = self.cut.get(key, 0)
        if lost:
            text += (f"\n... output cut here: {lost} more characters were printed and not kept "
                     f"(a run keeps {self.limit} characters in all)")
        return text

    def rest(self) -> str:
        """What was printed outside any test, with a note of what was cut there."""
        return self.text(None)


def params_label(params: dict[str, Any], fallback: str) -> str:
    """"n=3, dtype='float32'" for simple parameters; pytest's own id (`fallback`) otherwise."""
    parts = []
    for key, value in params.items():
        if value is not None and not isinstance(value, (bool, int, float, str)):
            return fallback
        text = f"{key}={value!r}"
        if len(text) > 40:
            return fallback
        parts.append(text)
    return ", ".join(parts) or fallback


def key_names(key: str, test_id: str) -> bool:
    """Does a [tests] key name this test? `test_id` is pytest's id without the file, with or
    without its case ("test_f[3]", "TestX::test_m"); a key names one case (`test_f[3]`), a
    function or `Class::method` (all its parametrized cases), or a whole class. The one
    reading of a key: the runner's display names, `check`'s starter_passes and the
    validation of problem.toml all ask it."""
    base = test_id.split("[", 1)[0]
    return key in (test_id, base) or base.startswith(key + "::")


def covering_key(row_id: str, names: dict[str, str]) -> str | None:
    """The [tests] key that names a row, the most specific first: the exact case, its function
    or method, its class."""
    found = [key for key in names if key_names(key, row_id)]
    return max(found, key=len) if found else None


def row_name(row_id: str, names: dict[str, str], params: str | None) -> str:
    """The name a learner reads for a row: the display name, then the method for a class
    key, then the parameters for a case of a parametrized test."""
    key = covering_key(row_id, names)
    if key is None:
        return row_id
    name = names[key]
    base = row_id.split("[", 1)[0]
    if key != row_id and key != base:
        name += f": {base.rpartition('::')[2]}"
    if key != row_id and params:
        name += f" [{params}]"
    return name


@dataclass
class _Case:
    id: str
    params: str | None
    phases: dict[str, dict[str, Any]] = field(default_factory=dict[str, Any])   # when -> {report, message, traceback, line}
    cpu_ms: float = 0.0


class OutcomeCollector:
    """A pytest plugin that records every collected case and each phase's report."""

    def __init__(self, module_file: str, printed: PrintedOutput | None = None):
        self.module_file = module_file
        self.printed = printed or PrintedOutput()
        self.cases: dict[str, _Case] = {}      # node id -> case, in collection order
        self.stop: Stop | None = None
        self.interrupted_at: str | None = None

    def _exception(self, excinfo: pytest.ExceptionInfo[BaseException]) -> dict[str, Any]:
        exc = excinfo.value
        lines, line = learner_frames(exc, self.module_file)
        return {"exc": exc, "message": describe(exc), "traceback": lines, "line": line}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        seen: set[str] = set()
        for item in session.items:
            short = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else item.nodeid
            row_id = short if short not in seen else item.nodeid   # same name in two files
            seen.add(row_id)
            callspec = getattr(item, "callspec", None)
            params = params_label(callspec.params, callspec.id) if callspec else None
            self.cases[item.nodeid] = _Case(row_id, params)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and self.stop is None:
            self.stop = Stop(COLLECTION_ERROR, clip(safe_str(report.longrepr)))

    # A collection report carries only text; this hook gets the exception itself, so the
    # learner sees their own message and line rather than pytest's report of the test file.
    def pytest_exception_interact(self, node: pytest.Item | pytest.Collector, call: pytest.CallInfo[Any],
                                  report: pytest.CollectReport | pytest.TestReport) -> None:
        if report.when == "collect" and call.excinfo is not None:
            found = self._exception(call.excinfo)
            self.stop = Stop(COLLECTION_ERROR, found["message"], found["traceback"], found["line"])

    # CPU time, unlike wall time, barely changes when other processes load the machine.
    def pytest_runtest_logstart(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        self.printed.current = nodeid
        self.interrupted_at = nodeid
        self.cpu_started = time.process_time()

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        self.printed.current = None
        self.interrupted_at = None
        if nodeid in self.cases:
            self.cases[nodeid].cpu_ms = round((time.process_time() - self.cpu_started) * 1000, 2)

    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> None:
        case = self.cases.get(item.nodeid)
        if case is not None and call.excinfo is not None:
            case.phases[call.when] = self._exception(call.excinfo)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        case = self.cases.get(report.nodeid)
        if case is not None and report.when is not None:
            case.phases.setdefault(report.when, {})["report"] = report

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # pytest raises its own `Interrupted` to end a session whose collection failed: the
        # collection error already says why.
        if type(excinfo.value).__name__ == "Interrupted" and self.stop is not None:
            return
        found = self._exception(excinfo)
        what = "pytest.exit()" if type(excinfo.value).__name__ == "Exit" else "KeyboardInterrupt"
        self.stop = Stop(INTERRUPTED, f"{what} in your code stopped the test run: {found['message']}",
                         found["traceback"], found["line"])

    def rows(self) -> list[Row]:
        return [self._row(nodeid, case) for nodeid, case in self.cases.items()]

    def _row(self, nodeid: str, case: _Case) -> Row:
        row = Row(case.id, case.id, ERROR, stdout=self.printed.text(nodeid), cpu_ms=case.cpu_ms)
        outcome, detail = _outcome(case.phases)
        if outcome is None:
            row.message = ("not run: " + self.stop.message) if self.stop else "this test did not run"
            if nodeid == self.interrupted_at and self.stop:
                row.message, row.traceback, row.line = self.stop.message, self.stop.traceback, self.stop.line
            return row
        row.outcome = outcome
        if detail:
            row.message, row.traceback, row.line = detail.get("message", ""), detail.get("traceback", []), \
                detail.get("line")
        call = case.phases.get("call", {}).get("report")
        row.duration_ms = round(call.duration * 1000, 2) if call is not None else 0.0
        return row


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return safe_str(longrepr[2]).removeprefix("Skipped: ")
    return safe_str(longrepr or "")


def _outcome(phases: dict[str, dict[str, Any]]) -> tuple[str | None, dict[str, Any] | None]:
    """One outcome from a case's setup, call and teardown reports, as pytest reports it."""
    setup, call, teardown = (phases.get(when, {}) for when in ("setup", "call", "teardown"))
    for when, phase in (("setup", setup), ("call", call)):
        report = phase.get("report")
        if report is None:
            continue
        if report.skipped:
            if hasattr(report, "wasxfail"):
                return XFAILED, {"message": f"expected to fail: {report.wasxfail}".rstrip(": ")}
            return SKIPPED, {"message": _skip_reason(report)}
        if report.failed:
            if when == "setup":
                return ERROR, phase
            if "exc" not in phase:   # e.g. a strict xfail that passed
                return FAILED, {"message": clip(safe_str(report.longrepr))}
            return (FAILED if isinstance(phase["exc"], AssertionError) else ERROR), phase
    report = call.get("report")
    if report is None:
        return None, None
    if teardown.get("report") is not None and teardown["report"].failed:
        return ERROR, teardown
    if hasattr(report, "wasxfail"):
        return XPASSED, {"message": f"expected to fail, but passed: {report.wasxfail}".rstrip(": ")}
    return PASSED, None


def forget_modules(names: set[str]) -> None:
    """Drop modules (and their submodules) so the next import reads the files again."""
    for name in list(sys.modules):
        if name in names or name.split(".")[0] in names:
            del sys.modules[name]


class ScriptSetupError(Exception):
    """The author's setup or trailing code of a script problem failed (not the learner's code)."""


def _run_hidden(path: str, namespace: dict[str, Any], what: str) -> None:
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as stream:
        source = stream.read()
    try:
        exec(compile(source, path, "exec"), namespace)
    except BaseException as exc:
        raise ScriptSetupError(f"the problem's {what} code ({os.path.basename(path)}) failed: {describe(exc)}") from exc


def run_script(module_name: str, module_file: str, tests_dir: str) -> types.ModuleType:
    """Run a script problem once: the setup code, the learner's code, the trailing code, all
    in one namespace, which becomes the module `module_name` the tests import from.

    The learner's code is dedented first (a common indentation of every line, as pasted from
    a notebook cell or a function body, is no error); dedenting keeps the line numbers, and it
    is compiled under its own file name, so tracebacks show the learner's lines.
    """
    module = types.ModuleType(module_name)
    module.__file__ = module_file
    namespace = module.__dict__
    sys.modules[module_name] = module
    try:
        _run_hidden(os.path.join(tests_dir, SCRIPT_SETUP), namespace, "setup")
        with open(module_file, encoding="utf-8") as stream:
            source = textwrap.dedent(stream.read())
        exec(compile(source, module_file, "exec"), namespace)
        _run_hidden(os.path.join(tests_dir, SCRIPT_TRAILING), namespace, "trailing")
    except BaseException:
        sys.modules.pop(module_name, None)   # as a failed import leaves no module behind
        raise
    return module


def load_learner(module_name: str, module_file: str, script: bool = False, tests_dir: str = "") -> types.ModuleType:
    """The learner's module: imported (a function problem), or run as a script once."""
    if script:
        return run_script(module_name, module_file, tests_dir)
    given = given_file(tests_dir)
    if given:   # given.py: the code the learner's module runs in
        return module_with_given(module_name, module_file, given)
    return importlib.import_module(module_name)


def _import_error(module_name: str, module_file: str, script: bool = False, tests_dir: str = "") -> Stop | None:
    """Import the code under test before pytest does. If that fails (a SyntaxError, an
    exception or sys.exit() at import), the learner reads their own error, not pytest's
    report about the test module that imported it."""
    try:
        load_learner(module_name, module_file, script, tests_dir)
    except BaseException as exc:
        lines, line = learner_frames(exc, module_file)
        return Stop(LOAD_ERROR, describe(exc), lines, line)
    return None


@dataclass
class PreparedRun:
    """A pytest configuration made ahead of the run it serves.

    Building pytest's configuration (plugins, options, hooks) is about half of a rerun's
    time. The browser prepares the next run while the learner is still typing, so a click
    pays only for collecting and running the tests. `pytest.main` does the same two steps
    back to back; pytest is pinned in vendor.toml and pyproject.toml, and `check` runs
    this path under CPython's pytest too, so an upgrade that moved `_prepareconfig` fails
    `check` at once.
    """

    tests_dir: str
    module_dir: str
    module_name: str
    config: pytest.Config
    collector: OutcomeCollector


def prepare_run(tests_dir: str, module_dir: str, module_name: str) -> PreparedRun:
    """Configure pytest for one run of the tests in `tests_dir` against `module_dir/<module_name>.py`."""
    from _pytest.config import _prepareconfig

    # Plugins installed beside pytest must not change how hidden tests run; looking for
    # them also costs time on every run.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # Options and plugins named by the environment would make a host's run differ from the
    # page's (which has no environment): `-k` deselects tests, `-x` stops at the first.
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        os.environ.pop(name, None)
    collector = OutcomeCollector(os.path.join(module_dir, module_name + ".py"))
    args = [tests_dir, "--assert=plain", "-o", "python_files=test_*.py", "--rootdir", tests_dir,
            "--noconftest", "-s"] + [arg for plugin in UNUSED_PLUGINS for arg in ("-p", f"no:{plugin}")]
    config = _prepareconfig(args, plugins=[collector])
    # pytest formats a report of every failure, and its default style parses the test's
    # source to do it: 60% of a failing run. Learners read OutcomeCollector's message and
    # traceback instead, so the cheapest style will do. (`--tb` belongs to the terminal
    # plugin, which is left out.)
    config.option.tbstyle = "native"
    return PreparedRun(tests_dir, module_dir, module_name, config, collector)


def use_folders(*folders: str) -> None:
    """Put `folders` first on sys.path, in order, each once."""
    for folder in reversed(folders):
        while folder in sys.path:
            sys.path.remove(folder)
        sys.path.insert(0, folder)


def run_tests(tests_dir: str, module_dir: str, module_name: str, names: dict[str, str] | None = None,
              prepared: PreparedRun | None = None, stdout_limit: int = STDOUT_LIMIT,
              script: bool = False) -> RunResult:
    """Run the pytest files in `tests_dir` against `module_dir/<module_name>.py`.

    `names` maps [tests] keys (a function, `Class::method`, a class or a single case) to
    the display names learners read, in display order. `prepared`, from `prepare_run`
    with the same folders, saves configuring pytest now; a prepared run serves once. With
    `script` the learner's file runs once as a script problem's code (see `run_script`).
    """
    module_file = os.path.join(module_dir, module_name + ".py")
    sys.dont_write_bytecode = True
    use_folders(module_dir, tests_dir)
    if prepared is not None and (prepared.tests_dir, prepared.module_dir, prepared.module_name) != (
            tests_dir, module_dir, module_name):
        prepared = None
    started = time.perf_counter()
    prepared = prepared or prepare_run(tests_dir, module_dir, module_name)
    collector = prepared.collector
    printed = collector.printed = PrintedOutput(stdout_limit)
    with redirect_stdout(printed), redirect_stderr(printed):
        collector.stop = _import_error(module_name, module_file, script, tests_dir)
        if collector.stop is None:
            config = prepared.config
            try:
                config.hook.pytest_cmdline_main(config=config)
            finally:
                config._ensure_unconfigure()
    elapsed = (time.perf_counter() - started) * 1000
    rows = collector.rows()
    names = names or {}
    for row, case in zip(rows, collector.cases.values()):
        row.name = row_name(row.id, names, case.params)
    order: dict[str | None, int] = {key: index for index, key in enumerate(names)}
    rows.sort(key=lambda row: order.get(covering_key(row.id, names), len(order)))
    return RunResult(rows, collector.stop, printed.rest(), round(elapsed, 1))
