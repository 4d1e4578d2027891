"""`build_site.py check`: prove every problem's tests are trustworthy before it ships.

Under CPython's pytest, for each problem: the reference passes every hidden test, the
starter fails every one, and each known-wrong solution fails at least one. The suite runs
twice with different hash seeds (flaky tests), slow tests are flagged, every known-wrong
solution must be recognised as itself on the probes, and (with `pyodide`) every reference
must also pass inside Pyodide under Node. Problems are checked in batches, in parallel.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ProblemError
from .problems import Problem, relative
from .pyodide_node import Job, run_in_pyodide
from .render import render_statement
from .probing import diagnose
from .testing import PROBING, RUNNER, SuiteRuns, run_suites
from .validate import load_all


PYODIDE = "reference in Pyodide"
# A hidden test slower than this under CPython makes learners wait seconds in the browser.
SLOW_TEST_MS = 500.0
# Problems checked by one set of subprocesses: starting Python with pytest and numpy costs
# more than most suites, and a failing batch is re-checked one problem at a time.
BATCH_SIZE = 20


@dataclass
class ProblemReport:
    """What `check` found for one problem."""

    slug: str
    problem: Problem | None = None
    results: dict[str, dict] = field(default_factory=dict)
    errors: list[ProblemError] = field(default_factory=list)
    probes: dict | None = None  # probe inputs and outputs, as probing.record_outputs made them
    diagnosed: dict[str, list[str]] | None = None  # known-wrong name -> what its probe outputs match

    @property
    def ok(self) -> bool:
        return not self.errors


def failing(result: dict) -> list[dict]:
    return [t for t in result["tests"] if t["outcome"] != "passed"]


def shortfalls(problem: Problem, results: dict[str, dict], root: Path) -> list[ProblemError]:
    """Every way the results fall short of: reference all pass, starter all fail, wrong caught."""
    errors = []
    ref = relative(problem.reference_path, root)
    for test in failing(results["reference"]):
        errors.append(ProblemError(ref, f"the reference fails '{test['name']}': {test['message']}",
                                   "fix the reference solution, or the test if its expectation is wrong"))
    starter = relative(problem.starter_path, root)
    for test in results["starter"]["tests"]:
        if test["outcome"] == "passed":
            errors.append(ProblemError(starter, f"the starter passes '{test['name']}'",
                                       "the stub must fail every test: leave its body as `raise NotImplementedError`, "
                                       "and make the test call the function and check what it returns"))
    for wrong in problem.wrong:
        result = results[f"wrong/{wrong.name}"]
        if not failing(result):
            errors.append(ProblemError(relative(wrong.path, root),
                                       f"known-wrong solution `{wrong.name}` ({wrong.summary}) passes every hidden test",
                                       "add a hidden test that this mistake fails, with a display name in problem.toml"))
    return errors


def flaky_tests(problem: Problem, first: dict[str, dict], second: dict[str, dict], root: Path) -> list[ProblemError]:
    """Tests whose outcome changed between two runs of the same code (with other hash seeds)."""
    errors = []
    for label, result in first.items():
        again = {t["id"]: t["outcome"] for t in second[label]["tests"]}
        for test in result["tests"]:
            if again.get(test["id"]) != test["outcome"]:
                errors.append(ProblemError(
                    relative(problem.tests_dir, root),
                    f"flaky test '{test['name']}': {test['outcome']} then {again.get(test['id'])} against {label}",
                    "seed every random generator (np.random.default_rng(SEED)) and don't depend on set or dict order"))
    return errors


def slow_tests(problem: Problem, reference: dict, root: Path, budget_ms: float = SLOW_TEST_MS) -> list[ProblemError]:
    """Tests slower than the budget under CPython; Pyodide runs them several times slower."""
    return [ProblemError(relative(problem.tests_dir, root),
                         f"test '{t['name']}' took {t['duration_ms']:.0f} ms against the reference "
                         f"(budget {budget_ms:.0f} ms)",
                         "use smaller inputs or fewer repetitions: learners wait for every run")
            for t in reference["tests"] if t.get("duration_ms", 0) > budget_ms]


def diagnosis_errors(problem: Problem, record: dict, root: Path) -> list[ProblemError]:
    """Every known-wrong solution must be diagnosed as itself, and the reference as nothing."""
    probes = relative(problem.probes_path, root)
    if record["reference"] is None:
        return [ProblemError(relative(problem.reference_path, root), "the reference raises on a probe input",
                             f"fix the probes in {probes} or the reference")]
    errors = []
    if diagnose(record["reference"], record, problem.tolerance):
        errors.append(ProblemError(probes, "the reference is diagnosed as a mistake", "report this as a bug"))
    for name, outputs in record["wrong"].items():
        if outputs is None:
            errors.append(ProblemError(probes, f"known-wrong solution `{name}` raises on a probe input",
                                       "make every probe an input all solutions accept"))
            continue
        found = diagnose(outputs, record, problem.tolerance)
        if found == [name]:
            continue
        if not found:
            what = "gives the reference's outputs on every probe"
        else:
            what = "is indistinguishable on the probes from " + ", ".join(f"`{n}`" for n in found if n != name)
        errors.append(ProblemError(probes, f"known-wrong solution `{name}` {what}",
                                   "add a probe input on which their outputs differ"))
    return errors


def assess(problem: Problem, runs: SuiteRuns, root: Path) -> ProblemReport:
    """Judge one problem's suite runs: every shortfall, flaky or slow test, wrong diagnosis."""
    report = ProblemReport(problem.slug, problem, runs.first)
    report.errors += shortfalls(problem, runs.first, root)
    report.errors += flaky_tests(problem, runs.first, runs.second, root)
    report.errors += slow_tests(problem, runs.first["reference"], root)
    if runs.probes is not None:
        report.probes = runs.probes
        report.diagnosed = {name: diagnose(outputs, runs.probes, problem.tolerance)
                            for name, outputs in runs.probes["wrong"].items()}
        report.errors += diagnosis_errors(problem, runs.probes, root)
    return report


def check_batch(problems: list[Problem], root: Path) -> list[ProblemReport]:
    """Check `problems` with one set of subprocesses. If one of them fails (a crash, an
    endless loop), each problem is checked alone, so the error names the problem at fault."""
    reports, runnable = [], []
    for problem in problems:
        try:
            render_statement(problem, root)
            runnable.append(problem)
        except ProblemError as exc:
            reports.append(ProblemReport(problem.slug, problem, errors=[exc]))
    if not runnable:
        return reports
    try:
        runs = run_suites(runnable)
    except ProblemError as exc:
        if len(runnable) == 1:
            return reports + [ProblemReport(runnable[0].slug, runnable[0], errors=[exc])]
        return reports + [report for problem in runnable for report in check_batch([problem], root)]
    return reports + [assess(problem, runs[problem.slug], root) for problem in runnable]


def check_problem(problem: Problem, root: Path) -> ProblemReport:
    """Run the hidden tests twice (two hash seeds) against reference, starter and known-wrong
    solutions, record the probes, and report every way the problem falls short."""
    return check_batch([problem], root)[0]


def fingerprint(problem: Problem, root: Path) -> str:
    """A hash of everything a check result depends on: the problem's files and the runners."""
    digest = hashlib.sha256(sys.version.encode())
    folders = [problem.metadata_path.parent, problem.reference_path.parent, problem.tests_dir]
    files = [RUNNER, PROBING, Path(__file__)] + sorted(p for f in folders for p in f.rglob("*")
                                                       if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(relative(path, root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_path(problem: Problem, root: Path, cache_dir: Path) -> Path:
    """Where a passing check of the problem's current files is stored. Computed before the
    check runs, so an edit made while it runs is checked again next time."""
    return cache_dir / f"{problem.slug}-{fingerprint(problem, root)}.json"


def cached_report(problem: Problem, path: Path) -> ProblemReport | None:
    """The stored result of a passing check of identical files, if there is one.

    Builds and the live preview use the cache, so an unchanged problem is not re-run; the
    `check` command itself always runs everything.
    """
    if not path.is_file():
        return None
    stored = json.loads(path.read_text(encoding="utf-8"))
    return ProblemReport(problem.slug, problem, stored["results"], [], stored["probes"], stored["diagnosed"])


def store_report(report: ProblemReport, path: Path) -> None:
    """Keep a passing report for `cached_report`; failing ones are always checked again."""
    if report.ok and report.problem is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = {"results": report.results, "probes": report.probes, "diagnosed": report.diagnosed}
        path.write_text(json.dumps(stored), encoding="utf-8")


def check_in_pyodide(reports: list[ProblemReport], root: Path) -> None:
    """Run each passing problem's tests against its reference inside Pyodide under Node."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    jobs = [Job(r.slug, r.problem.reference_path.read_text(encoding="utf-8"),
                {p.name: p.read_text(encoding="utf-8") for p in r.problem.test_files}, r.problem.test_names)
            for r in passing]
    try:
        results = run_in_pyodide(jobs, root)
    except ProblemError as exc:
        for report in passing:
            report.errors.append(exc)
        return
    for report, result in zip(passing, results):
        report.results[PYODIDE] = result
        ref = relative(report.problem.reference_path, root)
        report.errors += [ProblemError(ref, f"the reference fails '{t['name']}' in Pyodide: {t['message']}",
                                       "the browser runs Pyodide (Python 3.13, numpy 2.2): avoid what it lacks")
                          for t in failing(result)]


def batches(problems: list[Problem], workers: int, largest: int = BATCH_SIZE) -> list[list[Problem]]:
    """Split `problems` into at least `workers` batches (when there are enough) of at most `largest`."""
    size = max(1, min(largest, -(-len(problems) // workers)))
    return [problems[i:i + size] for i in range(0, len(problems), size)]


def check_all(root: Path, only: list[str] | None = None, jobs: int | None = None,
              cache_dir: Path | None = None, pyodide: bool = False) -> list[ProblemReport]:
    """Load, validate and check every problem (or those in `only`), batches in parallel.

    With `cache_dir`, passing results of unchanged problems are reused. With `pyodide`,
    references are also run inside Pyodide under Node.
    """
    problems, failures = load_all(root, only)
    reports = [ProblemReport(slug, errors=errors) for slug, errors in failures.items()]
    paths = {p.slug: cache_path(p, root, cache_dir) for p in problems} if cache_dir else {}
    todo = []
    for problem in problems:
        stored = cached_report(problem, paths[problem.slug]) if cache_dir else None
        if stored:
            reports.append(stored)
        else:
            todo.append(problem)
    workers = jobs or os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(lambda b: check_batch(b, root), batches(todo, workers)):
            reports += batch
            for report in batch if cache_dir else []:
                store_report(report, paths[report.slug])
    if pyodide:
        check_in_pyodide(reports, root)
    return sorted(reports, key=lambda r: r.slug)


def _caught_by(result: dict) -> str:
    names = [t["name"] for t in failing(result)]
    return f"caught by {len(names)}: " + "; ".join(names) if names else "NOT CAUGHT"


def _diagnosis(report: ProblemReport, name: str) -> str:
    if report.diagnosed is None:
        return ""
    found = report.diagnosed.get(name) or []
    return "; diagnosed" if found == [name] else "; NOT DIAGNOSED" if not found else "; AMBIGUOUS: " + ", ".join(found)


def format_report(report: ProblemReport) -> str:
    """A compact table: tests passed by reference and starter, which wrong solutions were caught."""
    if report.problem is None or not report.results:
        lines = [f"{report.slug}: not checked"]
    else:
        problem, results = report.problem, report.results
        total = len(problem.test_names)
        lines = [f"{problem.slug} — {problem.title} ({total} hidden tests, {len(problem.wrong)} known-wrong)"]
        for label in ("reference", "starter", PYODIDE):
            if label not in results:
                continue
            result = results[label]
            want = 0 if label == "starter" else total
            verdict = "ok" if result["passed"] == want and result["total"] == total else "FAIL"
            lines.append(f"  {label:<28} {result['passed']:>3}/{result['total']:<3} passed   {verdict}")
        for label, result in results.items():
            if label.startswith("wrong/"):
                lines.append(f"  {label:<28} {_caught_by(result)}{_diagnosis(report, label[6:])}")
    lines += [f"  error: {str(e)}" for e in report.errors]
    return "\n".join(lines)


def run_check(root: Path, only: list[str] | None = None, out: Callable[[str], None] = print,
              pyodide: bool = True) -> int:
    """The `check` command: print a table per problem; return the exit code (0 when all is well)."""
    reports = check_all(root, only, pyodide=pyodide)
    for report in reports:
        out(format_report(report))
        out("")
    bad = [r for r in reports if not r.ok]
    out(f"{len(reports) - len(bad)} of {len(reports)} problems ok" + (f"; failing: {', '.join(r.slug for r in bad)}" if bad else ""))
    return 1 if bad or not reports else 0
