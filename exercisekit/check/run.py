"""Running `check`: both legs for every problem, in batches and in parallel, through the cache.

Under CPython's pytest (cpython.py) every problem's suite runs twice; the problems that pass
run again inside Pyodide under Node (pyodide.py). rules.py judges the results.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..assets.packages import locked_wheels
from ..assets.vendor import runtime_files
from ..errors import ProblemError
from ..problems.data import problem_data
from ..problems.model import Problem, relative
from ..problems.statements import markdown_renderer, prepare_statements, render_statement
from ..problems.validate import load_all
from ..toolhome import tool_root
from .cache import cache_path, cached_report, store_report
from .cpython import evaluation_jobs, example_jobs, run_suites, sort_answers
from .examples import example_notes
from .model import IN_PYODIDE, ProblemReport, RunKey
from .pyodide import SCRIPT as PYODIDE_SCRIPT
from .pyodide import run_in_pyodide
from .rules import assess, example_errors, live_diagnosis_errors, shortfalls

# Problems checked by one set of subprocesses: starting Python with pytest and numpy costs
# more than most suites, and a failing batch is re-checked one problem at a time.
BATCH_SIZE = 20


def check_batch(problems: list[Problem], root: Path, wheels: tuple[Path, ...] = ()) -> list[ProblemReport]:
    """Check `problems` (which ask for the same extra packages, whose `wheels` these are)
    with one set of subprocesses. If one of them fails (a crash, an endless loop), each
    problem is checked alone, so the error names the problem at fault."""
    try:
        runs = run_suites(problems, wheels)
    except ProblemError as exc:
        if len(problems) == 1:
            return [ProblemReport(problems[0].slug, problems[0], errors=[exc])]
        return [report for problem in problems for report in check_batch([problem], root, wheels)]
    return [assess(problem, runs[problem.slug], root) for problem in problems]


def by_packages(problems: list[Problem], root: Path) -> tuple[dict[tuple[Path, ...], list[Problem]],
                                                               list[ProblemReport]]:
    """Problems grouped by the wheels of the extra packages they ask for (most ask for
    none), so that no problem passes thanks to a package another problem declared; and
    reports for problems whose packages cannot be resolved."""
    groups: dict[tuple[Path, ...], list[Problem]] = {}
    failed = []
    for problem in problems:
        try:
            wheels = tuple(locked_wheels(root, problem.packages, relative(problem.metadata_path, root)))
        except ProblemError as exc:
            failed.append(ProblemReport(problem.slug, problem, errors=[exc]))
            continue
        groups.setdefault(wheels, []).append(problem)
    return groups, failed


def statement_errors(problems: list[Problem], root: Path) -> dict[str, ProblemError]:
    """Render every statement once, in this thread: the Markdown renderer keeps caches that
    are not safe to share between threads. The math of all of them is typeset first, in
    one Node process."""
    errors: dict[str, ProblemError] = {}
    md = markdown_renderer()
    prepare_statements(problems, md)
    for problem in problems:
        try:
            render_statement(problem, root, md)
        except ProblemError as exc:
            errors[problem.slug] = exc
    return errors


def prepare_runtime(reports: list[ProblemReport], root: Path) -> None:
    """Download, verify and compile the browser runtime if it is not in the cache yet; a
    failure is every passing problem's error, as the Pyodide leg cannot run."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    try:
        runtime_files(tool_root())
    except ProblemError as exc:
        for report in passing:
            report.errors.append(exc)


def check_in_pyodide(reports: list[ProblemReport], root: Path, wheels: tuple[Path, ...] = ()) -> None:
    """Run each passing problem's tests against its reference, starter and known-wrong
    solutions inside Pyodide under Node, through the session the browser runs, and apply
    the same rules as under CPython. When Node fails for a batch, each problem is run
    alone, so the error names the problem at fault."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    problems = {r.slug: problem_data(r.loaded, r.probes, r.expected) for r in passing}
    loaded = [r.loaded for r in passing]
    jobs = evaluation_jobs(loaded) + example_jobs(loaded)
    where = relative(passing[0].loaded.tests_dir, root) if len(passing) == 1 else PYODIDE_SCRIPT
    try:
        answers = run_in_pyodide(problems, jobs, root, where, wheels=wheels)
    except ProblemError as exc:
        if len(passing) > 1:
            for report in passing:
                check_in_pyodide([report], root, wheels)
        else:
            passing[0].errors.append(exc)
        return
    runs, examples = sort_answers(jobs, answers, IN_PYODIDE)
    for report in passing:
        report.results.update(runs[report.slug])
        report.examples.update(examples.get(report.slug, {}))
        report.errors += shortfalls(report.loaded, report.results, root, IN_PYODIDE)
        report.errors += example_errors(report.loaded, report.examples, root, IN_PYODIDE)
        report.errors += live_diagnosis_errors(report.loaded, report.results, root, IN_PYODIDE)


def batches(problems: list[Problem], workers: int, largest: int = BATCH_SIZE) -> list[list[Problem]]:
    """Split `problems` into at least `workers` batches (when there are enough) of at most `largest`."""
    size = max(1, min(largest, -(-len(problems) // workers)))
    return [problems[i:i + size] for i in range(0, len(problems), size)]


def check_all(root: Path, only: list[str] | None = None, jobs: int | None = None,
              cache_dir: Path | None = None, pyodide: bool = True) -> list[ProblemReport]:
    """Load, validate and check every problem (or those in `only`), batches in parallel.

    With `pyodide` (the default; builds always do) every problem that passes under CPython
    is run again inside Pyodide. With `cache_dir`, passing results of unchanged problems
    are reused; only results that passed both legs are stored.
    """
    problems, failures = load_all(root, only)
    reports = [ProblemReport(slug, errors=errors) for slug, errors in failures.items()]
    paths = {p.slug: cache_path(p, root, cache_dir) for p in problems} if cache_dir else {}
    todo = []
    for problem in problems:
        stored = cached_report(problem, paths[problem.slug]) if cache_dir else None
        if stored and (RunKey(IN_PYODIDE, "reference") in stored.results or not pyodide):
            reports.append(stored)
        else:
            todo.append(problem)
    unrenderable = statement_errors(todo, root)
    fresh = [ProblemReport(p.slug, p, errors=[unrenderable[p.slug]]) for p in todo if p.slug in unrenderable]
    groups, unresolved = by_packages([p for p in todo if p.slug not in unrenderable], root)
    fresh += unresolved
    workers = jobs or os.cpu_count() or 2
    work = [(batch, wheels) for wheels, group in groups.items() for batch in batches(group, workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(lambda item: check_batch(item[0], root, item[1]), work):
            fresh += batch
    if pyodide:
        # One Node process per batch of the same size as the CPython leg's, in parallel:
        # Pyodide runs on one core, and booting it (about 1.5 s) is small beside a batch.
        legs = [([r for r in fresh if r.slug in {p.slug for p in batch}], wheels)
                for wheels, group in groups.items() for batch in batches(group, workers)]
        prepare_runtime(fresh, root)   # once, before the threads that use it
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda leg: check_in_pyodide(leg[0], root, leg[1]), legs))
    for report in fresh if cache_dir else []:
        store_report(report, paths[report.slug])
    for report in reports + fresh:   # from the statement alone: a cached report gets them too
        if report.problem is not None:
            report.notes = example_notes(report.problem, root)
    return sorted(reports + fresh, key=lambda r: r.slug)
