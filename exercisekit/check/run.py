"""Running `check`: both legs for every problem, in batches and in parallel, through the cache.

In the host leg (CPython, cpython.py) every problem's suite runs twice; the problems that
pass run again in the browser's leg (Pyodide under Node, pyodide.py). Both are reached
through legs.Legs only, so a test can hand in legs that answer from memory. rules.py
judges the results.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..assets.packages import locked_wheels
from ..errors import ProblemError
from ..problems.data import problem_data
from ..problems.model import Problem
from ..problems.statements import markdown_renderer, prepare_statements, render_hints, render_statement
from ..problems.validate import load_all
from ..project import Project
from .cache import cache_path, cached_report, store_report
from .cpython import CPythonLeg, evaluation_jobs, example_jobs, run_suites, sort_answers
from .examples import example_notes
from .interpreter import leg_note
from .legs import HostLeg, Leg, LegRequest, Legs
from .model import ProblemReport, RunKey
from .pyodide import SCRIPT as PYODIDE_SCRIPT
from .pyodide import PyodideLeg
from .rules import assess, example_errors, live_diagnosis_errors, shortfalls

# Problems checked by one set of subprocesses: starting Python with pytest and numpy costs
# more than most suites, and a failing batch is re-checked one problem at a time.
BATCH_SIZE = 20


def default_legs(project: Project, pyodide: bool = True) -> Legs:
    """The legs `check` runs unless told otherwise: CPython, then (with `pyodide`) Pyodide under Node."""
    return Legs(CPythonLeg(), PyodideLeg(project) if pyodide else None)


def check_batch(problems: list[Problem], wheels: tuple[Path, ...] = (), host: HostLeg | None = None) -> list[ProblemReport]:
    """Check `problems` (which ask for the same extra packages, whose `wheels` these are)
    in the `host` leg (CPython's by default) with one set of subprocesses. If one of them
    fails (a crash, an endless loop), each problem is checked alone, so the error names the
    problem at fault."""
    try:
        runs = run_suites(problems, wheels, host)
    except ProblemError as exc:
        if len(problems) == 1:
            return [ProblemReport(problems[0].slug, problems[0], errors=[exc])]
        return [report for problem in problems for report in check_batch([problem], wheels, host)]
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


def prepare_leg(reports: list[ProblemReport], leg: Leg) -> None:
    """Make the leg ready (for Pyodide: download, verify and compile the browser runtime if
    it is not in the cache yet); a failure is every passing problem's error, as the leg
    cannot run."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    try:
        leg.prepare()
    except ProblemError as exc:
        for report in passing:
            report.errors.append(exc)


def check_in_leg(reports: list[ProblemReport], leg: Leg, wheels: tuple[Path, ...] = ()) -> None:
    """Run each passing problem's tests against its reference, starter and known-wrong
    solutions in the browser's `leg` (Pyodide under Node, through the session the browser
    runs), and apply the same rules as in the host leg. When the leg fails for a batch,
    each problem is run alone, so the error names the problem at fault."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    problems = {r.slug: problem_data(r.loaded, r.probes, r.expected) for r in passing}
    loaded = [r.loaded for r in passing]
    jobs = evaluation_jobs(loaded) + example_jobs(loaded)
    where = passing[0].loaded.tests_dir if len(passing) == 1 else PYODIDE_SCRIPT
    try:
        answers = leg.evaluate(LegRequest(problems, jobs, wheels, where))
    except ProblemError as exc:
        if len(passing) > 1:
            for report in passing:
                check_in_leg([report], leg, wheels)
        else:
            passing[0].errors.append(exc)
        return
    runs, examples = sort_answers(jobs, answers, leg.name)
    for report in passing:
        report.results.update(runs[report.slug])
        report.examples.update(examples.get(report.slug, {}))
        report.errors += shortfalls(report.loaded, report.results, leg.name)
        report.errors += example_errors(report.loaded, report.examples, leg.name)
        report.errors += live_diagnosis_errors(report.loaded, report.results, leg.name)


def packages_notes(problem: Problem, project: Project) -> list[str]:
    """For a problem with `packages`: which Python and versions its CPython leg ran."""
    try:
        wheels = tuple(locked_wheels(project, problem.packages, problem.metadata_path)) if problem.packages else ()
        return [leg_note(wheels, project)] if wheels else []
    except ProblemError:   # already the report's error
        return []


def batches(problems: list[Problem], workers: int, largest: int = BATCH_SIZE) -> list[list[Problem]]:
    """Split `problems` into at least `workers` batches (when there are enough) of at most `largest`."""
    size = max(1, min(largest, -(-len(problems) // workers)))
    return [problems[i:i + size] for i in range(0, len(problems), size)]


def check_all(project: Project | Path, only: list[str] | None = None, jobs: int | None = None,
              cache_dir: Path | None = None, pyodide: bool = True, legs: Legs | None = None) -> list[ProblemReport]:
    """Load, validate and check every problem (or those in `only`) of the project (or the
    course folder), batches in parallel.

    `legs` are where the tests run; by default CPython and, with `pyodide` (the default;
    builds always do), Pyodide under Node, which runs every problem that passes under
    CPython again. With `cache_dir`, passing results of unchanged problems are reused; only
    results that passed every leg are stored.
    """
    project = Project.at(project)
    legs = legs or default_legs(project, pyodide)
    browser = legs.browser
    problems, failures = load_all(project, only)
    reports = [ProblemReport(slug, errors=errors) for slug, errors in failures.items()]
    # Every statement is rendered, cached or not: the cache keeps no prose (cache.statement_view).
    unrenderable = statement_errors(problems)
    reports += [ProblemReport(p.slug, p, errors=[unrenderable[p.slug]]) for p in problems if p.slug in unrenderable]
    identity = legs.host.identity() if cache_dir else ""
    paths = {p.slug: cache_path(p, project, cache_dir, identity) for p in problems} if cache_dir else {}
    todo = []
    for problem in (p for p in problems if p.slug not in unrenderable):
        stored = cached_report(problem, paths[problem.slug], project) if cache_dir else None
        if stored and (browser is None or RunKey(browser.name, "reference") in stored.results):
            reports.append(stored)
        else:
            todo.append(problem)
    groups, fresh = by_packages(todo, project)
    workers = jobs or os.cpu_count() or 2
    work = [(batch, wheels) for wheels, group in groups.items() for batch in batches(group, workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(lambda item: check_batch(item[0], item[1], legs.host), work):
            fresh += batch
    if browser is not None:
        # One Node process per batch of the same size as the CPython leg's, in parallel:
        # Pyodide runs on one core, and booting it (about 1.5 s) is small beside a batch.
        runs = [([r for r in fresh if r.slug in {p.slug for p in batch}], wheels)
                for wheels, group in groups.items() for batch in batches(group, workers)]
        prepare_leg(fresh, browser)   # once, before the threads that use it
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda run: check_in_leg(run[0], browser, run[1]), runs))
    for report in fresh if cache_dir else []:
        store_report(report, paths[report.slug], project)
    for report in reports + fresh:   # from the statement alone: a cached report gets them too
        if report.problem is not None:
            report.notes = example_notes(report.problem) + packages_notes(report.problem, project)
    return sorted(reports + fresh, key=lambda r: r.slug)
