"""`build_site.py check`: prove every problem's tests are trustworthy before it ships.

Under CPython's pytest, for each problem: the reference passes every hidden test, the
starter fails every one, and each known-wrong solution fails at least one. The suite runs
twice with different hash seeds (flaky tests), slow tests are flagged, every known-wrong
solution must be recognised as itself on the probes, and (with `pyodide`) every reference
must also pass inside Pyodide under Node. Problems are checked in batches, in parallel.

The package, by job: model.py (a report, results keyed by RunKey(leg, target)), rules.py
(what is an error or a warning), cpython.py and pyodide.py (the two legs), run.py (batches,
both legs, the cache around them), cache.py, report.py (the text the CLI prints).
"""
from __future__ import annotations

from .model import CPYTHON, IN_PYODIDE, PYODIDE, ProblemReport, Results, RunKey, caught, failing
from .report import format_report, run_check, summary_line
from .run import BATCH_SIZE, batches, check_all

__all__ = ["BATCH_SIZE", "CPYTHON", "IN_PYODIDE", "PYODIDE", "ProblemReport", "Results", "RunKey", "batches",
           "caught", "check_all", "failing", "format_report", "run_check", "summary_line"]
