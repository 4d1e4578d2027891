"""`build_site.py check`: prove every problem's tests are trustworthy before it ships.

Under CPython's pytest, for each problem: the reference passes every hidden test, the
starter fails every one, and each known-wrong solution fails at least one. The suite runs
twice with different hash seeds (flaky tests), slow tests are flagged, every known-wrong
solution must be recognised as itself on the probes, and (with `pyodide`) every reference
must also pass inside Pyodide under Node. Problems are checked in batches, in parallel.

The package, by file:
- model.py: a problem's report, its results keyed by RunKey(leg, target);
- legs.py: the seam where a process starts: the Leg and HostLeg interfaces, the typed
  results a leg answers (RunResult, TryResult, JobFailed), what both legs share;
- cpython.py: the host leg (`python -m exercisekit.runtime` subprocesses) and the jobs;
- pyodide.py: the browser's leg (the vendored Pyodide under Node);
- run.py: `check_all`, batches in parallel, both legs, the cache around them;
- rules.py: what is an error or a warning, on the results of one leg;
- examples.py: the statement's Example as cases both legs run;
- cache.py: passing reports kept under a fingerprint of their files;
- report.py: the text the CLI prints.
"""
from __future__ import annotations

from .legs import HostLeg, JobFailed, Leg, LegRequest, LegResult, Legs, TryResult
from .model import CPYTHON, IN_PYODIDE, PYODIDE, ProblemReport, Results, RunKey, caught, failing
from .report import format_report, run_check, summary_line
from .run import BATCH_SIZE, batches, check_all, default_legs

__all__ = ["BATCH_SIZE", "CPYTHON", "IN_PYODIDE", "PYODIDE", "HostLeg", "JobFailed", "Leg", "LegRequest", "LegResult",
           "Legs", "ProblemReport", "Results", "RunKey", "TryResult", "batches", "caught", "check_all", "default_legs",
           "failing", "format_report", "run_check", "summary_line"]
