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
from ..problems.model import Problem
from ..problems.statements import markdown_renderer, prepare_statements, render_hints, render_statement
from ..problems.validate import load_all
from ..project import Project
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


def check_batch(problems: list[Problem], wheels: tuple[Path, ...] = ()) -> list[ProblemReport]:
    """Check `problems` (which ask for the same extra packages, whose `wheels` these are)
    with one set of subprocesses. If one of them fails (a crash, an endless loop), each
    problem is checked alone, so the error names the problem at fault."""
    try:
        runs = run_suites(problems, wheels)
    except ProblemError as exc:
        if len(problems) == 1:
            return [ProblemReport(problems[0].slug, problems[0], errors=[exc])]
        return [report for problem in problems for report in check_batch([problem], wheels)]
    return [assess(problem, runs[problem.slug]) for problem in problems]


def by_packages(problems: list[Problem], project: Project) -> tuple[dict[tuple[Path, ...], list[Problem]],
                                                                     list[ProblemReport]]:
    """Problems grouped by the wheels of the extra packages they ask for (most ask for
    none), so that no problem passes thanks to a package another problem declared; and
    reports for problems whose packages cannot be resolved."""
    groups: dict[tuple[Path, ...], list[Problem]] = {}
    failed = []
    for problem in problems:
        try:
            wheels = tuple(locked_wheels(project, problem.packages, problem.metadata_path))
        except ProblemError as exc:
            failed.append(ProblemReport(problem.slug, problem, errors=[exc]))
            continue
        groups.setdefault(wheels, []).append(problem)
    return groups, failed


def statement_errors(problems: list[Problem]) -> dict[str, ProblemError]:
    """Render every statement once, in this thread: the Markdown renderer keeps caches that
    are not safe to share between threads. The math of all of them is typeset first, in
    one Node process."""
    errors: dict[str, ProblemError] = {}
    md = markdown_renderer()
    prepare_statements(problems, md)
    for problem in problems:
        try:
            render_statement(problem, md)
            render_hints(problem, md)   # hints are Markdown with math too
        except ProblemError as exc:
            errors[problem.slug] = exc
    return errors


def prepare_runtime(reports: list[ProblemReport], project: Project) -> None:
    """Download, verify and compile the browser runtime if it is not in the cache yet; a
    failure is every passing problem's error, as the Pyodide leg cannot run."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    try:
        runtime_files(project)
    except ProblemError as exc:
        for report in passing:
            report.errors.append(exc)


def check_in_pyodide(reports: list[ProblemReport], project: Project, wheels: tuple[Path, ...] = ()) -> None:
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
    where = passing[0].loaded.tests_dir if len(passing) == 1 else PYODIDE_SCRIPT
    try:
        answers = run_in_pyodide(problems, jobs, project, where, wheels=wheels)
    except ProblemError as exc:
        if len(passing) > 1:
            for report in passing:
                check_in_pyodide([report], project, wheels)
        else:
            passing[0].errors.append(exc)
        return
    runs, examples = sort_answers(jobs, answers, IN_PYODIDE)
    for report in passing:
        report.results.update(runs[report.slug])
        report.examples.update(examples.get(report.slug, {}))
        report.errors += shortfalls(report.loaded, report.results, IN_PYODIDE)
        report.errors += example_errors(report.loaded, report.examples, IN_PYODIDE)
        report.errors += live_diagnosis_errors(report.loaded, report.results, IN_PYODIDE)


def batches(problems: list[Problem], workers: int, largest: int = BATCH_SIZE) -> list[list[Problem]]:
    """Split `problems` into at least `workers` batches (when there are enough) of at most `largest`."""
    size = max(1, min(largest, -(-len(problems) // workers)))
    return [problems[i:i + size] for i in range(0, len(problems), size)]


def check_all(project: Project | Path, only: list[str] | None = None, jobs: int | None = None,
              cache_dir: Path | None = None, pyodide: bool = True) -> list[ProblemReport]:
    """Load, validate and check every problem (or those in `only`) of the project (or the
    course folder), batches in parallel.

    With `pyodide` (the default; builds always do) every problem that passes under CPython
    is run again inside Pyodide. With `cache_dir`, passing results of unchanged problems
    are reused; only results that passed both legs are stored.
    """
    project = Project.at(project)
    problems, failures = load_all(project, only)
    reports = [ProblemReport(slug, errors=errors) for slug, errors in failures.items()]
    paths = {p.slug: cache_path(p, project, cache_dir) for p in problems} if cache_dir else {}
    todo = []
    for problem in problems:
        stored = cached_report(problem, paths[problem.slug], project) if cache_dir else None
        if stored and (RunKey(IN_PYODIDE, "reference") in stored.results or not pyodide):
            reports.append(stored)
        else:
            todo.append(problem)
    unrenderable = statement_errors(todo)
    fresh = [ProblemReport(p.slug, p, errors=[unrenderable[p.slug]]) for p in todo if p.slug in unrenderable]
    groups, unresolved = by_packages([p for p in todo if p.slug not in unrenderable], project)
    fresh += unresolved
    workers = jobs or os.cpu_count() or 2
    work = [(batch, wheels) for wheels, group in groups.items() for batch in batches(group, workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(lambda item: check_batch(item[0], item[1]), work):
            fresh += batch
    if pyodide:
        # One Node process per batch of the same size as the CPython leg's, in parallel:
        # Pyodide runs on one core, and booting it (about 1.5 s) is small beside a batch.
        legs = [([r for r in fresh if r.slug in {p.slug for p in batch}], wheels)
                for wheels, group in groups.items() for batch in batches(group, workers)]
        prepare_runtime(fresh, project)   # once, before the threads that use it
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda leg: check_in_pyodide(leg[0], project, leg[1]), legs))
    for report in fresh if cache_dir else []:
        store_report(report, paths[report.slug], project)
    for report in reports + fresh:   # from the statement alone: a cached report gets them too
        if report.problem is not None:
            report.notes = example_notes(report.problem)
    return sorted(reports + fresh, key=lambda r: r.slug)
