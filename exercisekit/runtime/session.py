"""The one entry point that evaluates learner code, in the browser, under Node and in CPython.

A `Session` is built once from a problem's data (the JSON the build writes for each
problem page) and a home folder. `evaluate(code)` writes the hidden tests afresh and the
learner's module, runs the tests, names a known mistake when that is meaningful, puts the
interpreter back as it was, and returns one `RunResult`. `prepare_next()` configures
pytest for the next run while the learner types.

The browser worker and web/node/run_in_pyodide.mjs call `open_session` and
`Session.evaluate_json` through Pyodide's `pyimport`; `python -m exercisekit.runtime` does
the same under CPython for `check`.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import time

from . import isolation
from .probing import diagnose_module
from .results import CRASH, ERROR, Diagnosis, Row, RunResult, Stop
from .runner import PreparedRun, describe, forget_modules, prepare_run, run_tests


def write_tree(folder: str, files: dict[str, dict]) -> None:
    """Make `folder` hold exactly `files` (relative path -> {"text": ...} or {"base64": ...}):
    stray files are removed."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    for relative, entry in files.items():
        path = os.path.join(folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if "base64" in entry:
            content = base64.b64decode(entry["base64"])
        else:   # a lone surrogate from the page cannot be UTF-8: it becomes U+FFFD, nothing more
            content = entry["text"].encode("utf-8", errors="replace")
        with open(path, "wb") as stream:
            stream.write(content)


class Session:
    """Evaluations of learner code against one problem's hidden tests."""

    def __init__(self, data: dict, home: str):
        self.data = data
        self.module = data["module"]
        self.names: dict[str, str] = data["names"]
        self.expected: list[dict] | None = data.get("expected")   # [{id, name}] from the reference's run
        self.tests_dir = os.path.join(home, "tests")
        self.code_dir = os.path.join(home, "code")
        self._prepared: PreparedRun | None = None
        self._baseline: isolation.Baseline | None = None

    def warm_up(self, code: str) -> RunResult:
        """A first, trusted run (the starter or the reference) imports what later runs need;
        the interpreter's state after it is what every later run starts from."""
        result = self._run(code, restore=False)
        self._baseline = isolation.capture()
        return result

    def prepare_next(self) -> None:
        """Configure pytest for the next run now, so that a click pays only for running."""
        try:
            self._prepared = prepare_run(self.tests_dir, self.code_dir, self.module)
        except BaseException:
            self._prepared = None   # the run configures pytest itself and reports any error

    def evaluate(self, code: str) -> RunResult:
        """Run the hidden tests against `code`; the interpreter is restored afterwards."""
        if self._baseline is None:
            self._baseline = isolation.capture()
        return self._run(code, restore=True)

    def _run(self, code: str, restore: bool) -> RunResult:
        started = time.perf_counter()
        prepared, self._prepared = self._prepared, None
        try:
            write_tree(self.tests_dir, self.data["files"])
            write_tree(self.code_dir, {f"{self.module}.py": {"text": code}})
            self._forget_problem_modules()
            result = run_tests(self.tests_dir, self.code_dir, self.module, self.names, prepared=prepared)
            result.diagnosis = self._diagnose(result)
        except BaseException as exc:   # learner code must never take the runtime down
            result = RunResult([], Stop(CRASH, f"the test runner failed: {describe(exc)}"))
        finally:
            prepared = None
            self._forget_problem_modules()
            problems = isolation.restore(self._baseline) if restore else []
        result.rows = self._complete(result)
        result.tainted = bool(problems)
        result.duration_ms = round((time.perf_counter() - started) * 1000, 1)
        return result

    def evaluate_json(self, code: str) -> str:
        """`evaluate` for callers across a process or worker boundary."""
        return json.dumps(self.evaluate(code).to_json())

    def warm_up_json(self, code: str) -> str:
        """`warm_up` for callers across a process or worker boundary."""
        return json.dumps(self.warm_up(code).to_json())

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


def open_session(data_json: str, home: str) -> Session:
    """A session for the problem whose data (as the build writes it) is `data_json`."""
    return Session(json.loads(data_json), home)
