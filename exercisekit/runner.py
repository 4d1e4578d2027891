"""Run a problem's hidden tests against one module and return the outcomes as plain data.

This file is the single test runner of the project. CPython (`build_site.py check`) runs it
in a subprocess, Node and the browser run it inside Pyodide. It therefore imports nothing
from the rest of the package and only needs pytest.

Convention: the hidden tests import the code under test as a module named after the
problem's slug. `run_tests` puts a folder holding `<slug>.py` first on `sys.path`, drops any
earlier import of it (and of the test modules, which hold references to the old function),
and runs pytest on the tests folder.
"""
from __future__ import annotations

import importlib
import io
import json
import linecache
import os
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

STDOUT_LIMIT = 20_000
MESSAGE_LIMIT = 2_000
# Built-in pytest plugins a hidden-test run has no use for (reports to files, debuggers,
# doctests, the legacy `tmpdir`/`testdir` fixtures, warnings about exceptions raised in
# `__del__` or in threads, which also force two garbage collections per run). pytest
# registers every plugin afresh on each run, so each one left out makes every run faster.
UNUSED_PLUGINS = ("cacheprovider", "terminal", "doctest", "junitxml", "pastebin", "stepwise", "setuponly",
                  "setupplan", "faulthandler", "freeze_support", "debugging", "legacypath", "python_path",
                  "unraisableexception", "threadexception")


class BoundedText(io.TextIOBase):
    """A text sink that keeps the first `limit` characters and counts the rest."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more characters]"


def _describe(exc: BaseException) -> str:
    """The one-line message a learner reads for an exception."""
    if isinstance(exc, AssertionError):
        return _clip(str(exc)) or "assertion failed"
    name = type(exc).__name__
    text = str(exc)
    return _clip(f"{name}: {text}" if text else name)


def _learner_frames(exc: BaseException, module_file: str) -> list[str]:
    """Traceback lines that point into the code under test, never into the tests."""
    target = os.path.realpath(module_file)
    lines = []
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        # Most frames are pytest's or the tests': skip them before touching the file system.
        if os.path.basename(filename) != os.path.basename(target) or os.path.realpath(filename) != target:
            continue
        linecache.checkcache(filename)  # the learner's file changes between runs
        source = linecache.getline(filename, lineno).strip()
        lines.append(f"line {lineno}, in {frame.f_code.co_name}" + (f": {source}" if source else ""))
    if isinstance(exc, SyntaxError) and exc.filename and os.path.realpath(exc.filename) == target:
        lines.append(f"line {exc.lineno}: {(exc.text or '').strip()}")
    return lines[-8:]


class OutcomeCollector:
    """A pytest plugin that records one outcome per test and any collection error."""

    def __init__(self, module_file: str):
        self.module_file = module_file
        self.outcomes: dict[str, dict] = {}
        self.collection_error: dict | None = None

    def _outcome_from(self, excinfo) -> dict:
        exc = excinfo.value
        return {
            "outcome": "failed" if isinstance(exc, AssertionError) else "error",
            "message": _describe(exc),
            "traceback": _learner_frames(exc, self.module_file),
        }

    def pytest_collectreport(self, report):
        if report.failed and self.collection_error is None:
            self.collection_error = {"outcome": "error", "message": _clip(str(report.longrepr)), "traceback": []}

    # A collection report carries only text; this hook gets the exception itself, so the
    # learner sees its own message and line rather than pytest's report of the test file.
    def pytest_exception_interact(self, node, call, report):
        if report.when == "collect":
            self.collection_error = self._outcome_from(call.excinfo)
            self.collection_error["outcome"] = "error"

    def pytest_runtest_makereport(self, item, call):
        if call.excinfo is None:
            if call.when == "call":
                self.outcomes[item.nodeid] = {"outcome": "passed", "message": "", "traceback": []}
            return
        outcome = self._outcome_from(call.excinfo)
        if call.when != "call":
            outcome["outcome"] = "error"
        self.outcomes.setdefault(item.nodeid, outcome)

    def pytest_runtest_logreport(self, report):
        entry = self.outcomes.get(report.nodeid)
        if entry is not None and report.when == "call":
            entry["duration_ms"] = round(report.duration * 1000, 2)


def _forget_modules(names: set[str]) -> None:
    for name in list(sys.modules):
        if name in names or name.split(".")[0] in names:
            del sys.modules[name]


def _import_error(module_name: str, module_file: str) -> dict | None:
    """Import the code under test before pytest does. If that fails (a SyntaxError, an
    exception or sys.exit() at import), the learner reads their own error, not pytest's
    report about the test module that imported it."""
    try:
        importlib.import_module(module_name)
    except BaseException as exc:
        return {"outcome": "error", "message": _describe(exc), "traceback": _learner_frames(exc, module_file)}
    return None


def _test_function(nodeid: str) -> str:
    return nodeid.split("::")[-1].split("[")[0]


@dataclass
class PreparedRun:
    """A pytest configuration made ahead of the run it serves.

    Building pytest's configuration (plugins, options, hooks) is about half of a rerun's
    time. The browser prepares the next run while the learner is still typing, so a click
    pays only for collecting and running the tests. `pytest.main` does the same two steps
    back to back; pytest is pinned in vendor.toml, and `check` runs this path under
    CPython's pytest too, so an upgrade that moved `_prepareconfig` fails `check` at once.
    """

    tests_dir: str
    module_dir: str
    module_name: str
    config: object
    collector: OutcomeCollector


def prepare_run(tests_dir: str, module_dir: str, module_name: str) -> PreparedRun:
    """Configure pytest for one run of the tests in `tests_dir` against `module_dir/<module_name>.py`."""
    from _pytest.config import _prepareconfig

    # Plugins installed beside pytest must not change how hidden tests run; looking for
    # them also costs time on every run.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    collector = OutcomeCollector(os.path.join(module_dir, module_name + ".py"))
    args = [tests_dir, "--assert=plain", "-o", "python_files=test_*.py", "--rootdir", tests_dir,
            "--noconftest", "-s"] + [arg for plugin in UNUSED_PLUGINS for arg in ("-p", f"no:{plugin}")]
    config = _prepareconfig(args, plugins=[collector])
    # pytest formats a report of every failure, and its default style parses the test's
    # source to do it: 60% of a failing run. Learners read OutcomeCollector's message and
    # traceback instead, so the cheapest style will do. (`--tb` itself belongs to the
    # terminal plugin, which is left out.)
    config.option.tbstyle = "native"
    return PreparedRun(tests_dir, module_dir, module_name, config, collector)


def _execute(prepared: PreparedRun) -> None:
    config = prepared.config
    try:
        config.hook.pytest_cmdline_main(config=config)
    finally:
        config._ensure_unconfigure()


def _use_folders(*folders: str) -> None:
    """Put `folders` first on sys.path, in order, each once."""
    for folder in reversed(folders):
        while folder in sys.path:
            sys.path.remove(folder)
        sys.path.insert(0, folder)


def run_tests(tests_dir: str, module_dir: str, module_name: str, names: dict[str, str] | None = None,
              stdout_limit: int = STDOUT_LIMIT, prepared: PreparedRun | None = None) -> dict:
    """Run the pytest files in `tests_dir` against `module_dir/<module_name>.py`.

    `names` maps test function names to the display names learners see, in display order.
    `prepared`, from `prepare_run` with the same folders, saves configuring pytest now; a
    prepared run serves once. Returns a JSON-ready dict: one entry per test (name, outcome,
    message, traceback), the counts, what the code printed (cut at `stdout_limit`
    characters) and the duration.
    """
    module_file = os.path.join(module_dir, module_name + ".py")
    test_modules = {f[:-3] for f in os.listdir(tests_dir) if f.endswith(".py")}
    _forget_modules({module_name} | test_modules | {"conftest"})
    sys.dont_write_bytecode = True
    _use_folders(module_dir, tests_dir)
    if prepared is not None and (prepared.tests_dir, prepared.module_dir, prepared.module_name) != (
            tests_dir, module_dir, module_name):
        prepared = None

    printed = BoundedText(stdout_limit)
    started = time.perf_counter()
    crash = None
    try:
        prepared = prepared or prepare_run(tests_dir, module_dir, module_name)
        with redirect_stdout(printed), redirect_stderr(printed):
            crash = _import_error(module_name, module_file)
            if crash is None:
                _execute(prepared)
    except BaseException as exc:  # learner code must never take the runner down
        crash = {"outcome": "error", "message": _describe(exc), "traceback": _learner_frames(exc, module_file)}
    finally:
        _forget_modules({module_name} | test_modules)
    elapsed = (time.perf_counter() - started) * 1000
    outcomes = prepared.collector.outcomes if prepared else {}
    return _result(names or {}, outcomes, crash or (prepared and prepared.collector.collection_error), printed,
                   elapsed)


def _result(names: dict[str, str], outcomes: dict[str, dict], problem: dict | None, printed: BoundedText,
            elapsed: float) -> dict:
    """The outcome of every test in display order; a test that did not run shares `problem`."""
    by_test = {_test_function(nodeid): entry for nodeid, entry in outcomes.items()}
    order = list(names) + [t for t in by_test if t not in names]
    tests = []
    for test in order:
        entry = by_test.get(test) or dict(problem or {
            "outcome": "error", "message": "this test did not run", "traceback": []})
        tests.append({"id": test, "name": names.get(test, test), "duration_ms": 0.0, **entry})
    stdout = printed.text()
    if printed.dropped:
        stdout += f"\n... output cut: {printed.dropped} more characters were printed"
    return {
        "tests": tests,
        "passed": sum(t["outcome"] == "passed" for t in tests),
        "total": len(tests),
        "collection_error": problem,
        "stdout": stdout,
        "duration_ms": round(elapsed, 1),
    }


def main() -> int:
    """CLI for CPython: read a JSON list of jobs on stdin, print a JSON list of results.

    Each job holds the arguments of `run_tests`: tests_dir, module_dir, module_name, names.
    """
    jobs = json.load(sys.stdin)
    results = [run_tests(job["tests_dir"], job["module_dir"], job["module_name"], job["names"]) for job in jobs]
    sys.stdout.write(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
