"""`build_site.py check`: prove every problem's tests are trustworthy before it ships.

Under CPython's pytest, for each problem: the reference passes every hidden test, the
starter fails every one, and each known-wrong solution fails at least one. The suite runs
twice with different hash seeds (flaky tests), slow tests are flagged, every known-wrong
solution must be recognised as itself on the probes, and (with `pyodide`) every reference
must also pass inside Pyodide under Node. Problems are checked in batches, in parallel.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..assets.packages import lock_entries, locked_wheels
from ..assets.runtime_package import runtime_digest
from ..assets.vendor import runtime_files
from ..errors import ProblemError
from ..problems.data import expected_rows, problem_data
from ..problems.model import Problem, relative
from ..problems.statements import markdown_renderer, prepare_statements, render_statement
from ..problems.validate import load_all
from ..runtime.probing import diagnose
from ..runtime.results import ERROR, FAILED, PASSED
from ..runtime.sweeps import apart
from .cpython import SuiteRuns, evaluation_jobs, run_suites, targets_of
from .pyodide import SCRIPT as PYODIDE_SCRIPT
from .pyodide import run_in_pyodide

PYODIDE = "in Pyodide: "
# Problems checked by one set of subprocesses: starting Python with pytest and numpy costs
# more than most suites, and a failing batch is re-checked one problem at a time.
BATCH_SIZE = 20


@dataclass
class ProblemReport:
    """What `check` found for one problem."""

    slug: str
    problem: Problem | None = None
    results: dict[str, dict] = field(default_factory=dict)   # label -> RunResult.to_json()
    errors: list[ProblemError] = field(default_factory=list)
    warnings: list[ProblemError] = field(default_factory=list)
    probes: dict | None = None  # probe inputs and outputs, as probing.record_outputs made them
    diagnosed: dict[str, list[str]] | None = None  # known-wrong name -> what its probe outputs match

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def expected(self) -> list[dict] | None:
        """The rows of a complete run, from the reference's CPython run."""
        reference = self.results.get("reference")
        return expected_rows(reference) if reference else None


def failing(result: dict) -> list[dict]:
    return [row for row in result["rows"] if row["outcome"] in (FAILED, ERROR)]


def caught(result: dict) -> bool:
    """Did this run tell the code apart from a correct one?"""
    return bool(failing(result)) or result.get("stop") is not None


def shortfalls(problem: Problem, results: dict[str, dict], root: Path, leg: str = "") -> list[ProblemError]:
    """Every way the results fall short of: the reference passes every test and at least one
    test was collected, the starter fails every one, each known-wrong solution is caught."""
    errors = []
    ref = relative(problem.reference_path, root)
    where = f" {leg.strip(': ')}" if leg else ""
    reference = results[leg + "reference"]
    if "error" in reference:
        return [ProblemError(ref, f"the runtime failed{where}: {reference['error']}", "report this as a bug")]
    if reference.get("stop"):
        stop = reference["stop"]
        line = f" ({'; '.join(stop['traceback'][-2:])})" if stop.get("traceback") else ""
        errors.append(ProblemError(ref, f"the tests could not run against the reference{where} "
                                        f"({stop['kind']}): {stop['message']}{line}", fix_for(stop["message"], leg)))
    elif reference["total"] == 0:
        errors.append(ProblemError(relative(problem.tests_dir, root), f"no hidden test was collected{where}",
                                   "name test files test_*.py and test functions test_*, or unittest "
                                   "methods test_* in a TestCase"))
    for row in failing(reference) if not reference.get("stop") else []:   # a stop is reported once
        errors.append(ProblemError(ref, f"the reference fails '{row['name']}'{where}: {row['message']}",
                                   fix_for(row["message"], leg)))
    starter = relative(problem.starter_path, root)
    allowed = [row for row in results[leg + "starter"]["rows"] if starter_may_pass(problem, row["id"])]
    for row in results[leg + "starter"]["rows"]:
        if row["outcome"] == PASSED and row not in allowed:
            errors.append(ProblemError(starter, f"the starter passes '{row['name']}'{where}",
                                       "the stub must fail this test: leave its body as `raise NotImplementedError` "
                                       "and make the test call the function and check what it returns, or list the "
                                       "test in `starter_passes` in problem.toml"))
    if not caught(results[leg + "starter"]):
        errors.append(ProblemError(starter, f"the starter passes every hidden test{where}",
                                   "at least one test must fail the starter"))
    for wrong in problem.wrong:
        if not caught(results[f"{leg}wrong/{wrong.name}"]):
            errors.append(ProblemError(relative(wrong.path, root),
                                       f"known-wrong solution `{wrong.name}` ({wrong.summary}) passes every hidden "
                                       f"test{where}",
                                       "add a hidden test that this mistake fails, with a display name in problem.toml"))
    return errors


def fix_for(message: str, leg: str) -> str:
    """The fix for a reference that fails, by the cause its message names."""
    if "ModuleNotFoundError" in message or "No module named" in message:
        return ("a module the tests or the reference import is not available there: list a pure-Python package "
                "from PyPI in `packages` in problem.toml, or put a helper module in hidden_tests/SLUG/")
    if "FileNotFoundError" in message:
        return ("a file was not found where the code looked: the solution's code runs in a folder holding the "
                "files of hidden_tests/SLUG/data/ (open them by plain name, `open(\"values.csv\")`); a test opens "
                "its own files relative to itself, `Path(__file__).parent / \"data\" / NAME`")
    if leg:
        return ("the browser runs Pyodide (Python 3.13, numpy 2.2.5, no threads or subprocesses): avoid what "
                "differs there, or report a bug")
    return "fix the reference solution, or the test if its expectation is wrong"


def starter_may_pass(problem: Problem, row_id: str) -> bool:
    """Is this row covered by a [tests] key listed in `starter_passes`?"""
    base = row_id.split("[", 1)[0]
    return any(key in (row_id, base) or row_id.startswith(key + "::") for key in problem.starter_passes)


def live_diagnosis_errors(problem: Problem, results: dict[str, dict], root: Path, leg: str = "") -> list[ProblemError]:
    """Each known-wrong solution's own run names it, as the learner's page would."""
    if problem.probes_path is None:
        return []
    where = f" {leg.strip(': ')}" if leg else ""
    errors = []
    for wrong in problem.wrong:
        result = results[f"{leg}wrong/{wrong.name}"]
        named = (result.get("diagnosis") or {}).get("name")
        if caught(result) and not result.get("stop") and named != wrong.name:
            errors.append(ProblemError(relative(wrong.path, root),
                                       f"a run of known-wrong solution `{wrong.name}`{where} is diagnosed as "
                                       f"{f'`{named}`' if named else 'no known mistake'}",
                                       "make its probe outputs differ from the reference's and the others'"))
    return errors


def flaky_tests(problem: Problem, first: dict[str, dict], second: dict[str, dict], root: Path) -> list[ProblemError]:
    """Tests whose outcome changed between two runs of the same code (with other hash seeds)."""
    errors = []
    for label, result in first.items():
        again = {row["id"]: row["outcome"] for row in second[label]["rows"]}
        for row in result["rows"]:
            if again.get(row["id"]) != row["outcome"]:
                errors.append(ProblemError(
                    relative(problem.tests_dir, root),
                    f"flaky test '{row['name']}': {row['outcome']} then {again.get(row['id'])} against {label}",
                    "seed every random generator (np.random.default_rng(SEED)) and don't depend on set or dict order"))
    return errors


# A test this many times past its budget fails `check`; nearer, it is a warning.
SLOW_ERROR_FACTOR = 4.0


def slow_tests(problem: Problem, first: dict, second: dict, root: Path) -> tuple[list[ProblemError], list[ProblemError]]:
    """Tests whose CPU time against the reference passes the problem's budget
    (`slow_test_ms`): (errors, warnings). CPU time, the best of the two runs, gives the
    same verdict on an idle and on a busy machine; Pyodide runs several times slower still."""
    budget = problem.slow_test_ms
    again = {row["id"]: row.get("cpu_ms", 0.0) for row in second["rows"]}
    errors, warnings = [], []
    for row in first["rows"]:
        spent = min(row.get("cpu_ms", 0.0), again.get(row["id"], row.get("cpu_ms", 0.0)))
        if spent <= budget:
            continue
        far = spent > SLOW_ERROR_FACTOR * budget
        issue = ProblemError(relative(problem.tests_dir, root),
                             f"test '{row['name']}' took {spent:.0f} ms of CPU against the reference "
                             f"(budget {budget:.0f} ms{'' if far else '; an error past ' + f'{SLOW_ERROR_FACTOR * budget:.0f} ms'})",
                             "use smaller inputs or fewer repetitions (learners wait for every run), "
                             "or raise `slow_test_ms` in problem.toml")
        (errors if far else warnings).append(issue)
    return errors, warnings


def sweep_errors(problem: Problem, record: dict, root: Path) -> list[ProblemError]:
    """Every sweep runs on the reference without error and shows at least one known mistake;
    every known-wrong solution is visibly apart from the reference on at least one sweep."""
    sweeps = record.get("sweeps") or []
    if not sweeps:
        return []
    probes = relative(problem.probes_path, root)
    errors = []
    for sweep in sweeps:
        reference = sweep["reference"]
        if reference is None or reference["errors"]:
            first = (reference or {"errors": [{"message": "the reference could not be loaded"}]})["errors"][0]
            errors.append(ProblemError(probes, f"sweep `{sweep['name']}` fails on the reference: {first['message']}"
                                               + (f" at x = {first['x']}" if first.get("x") is not None else ""),
                                       "make every sweep point an input the reference accepts"))
            continue
        if not any(apart(c["ys"], reference["ys"]) for c in sweep["wrong"].values() if c is not None):
            errors.append(ProblemError(probes, f"sweep `{sweep['name']}` shows no known mistake: every known-wrong "
                                               "solution's curve lies on the reference's",
                                       "vary an input on which some mistake shows, or remove the sweep"))
    for wrong in problem.wrong:
        if not any(sweep["reference"] and sweep["wrong"].get(wrong.name) is not None
                   and apart(sweep["wrong"][wrong.name]["ys"], sweep["reference"]["ys"]) for sweep in sweeps):
            errors.append(ProblemError(relative(wrong.path, root), f"known-wrong solution `{wrong.name}` is "
                                       "indistinguishable from the reference on every sweep",
                                       f"add a sweep to {probes} on which its curve parts from the reference's"))
    return errors


def diagnosis_errors(problem: Problem, record: dict, root: Path) -> list[ProblemError]:
    """Every known-wrong solution must be diagnosed as itself, and the reference as nothing."""
    probes = relative(problem.probes_path, root)
    errors_found = record.get("errors", {})
    if record["reference"] is None:
        return [ProblemError(relative(problem.reference_path, root),
                             f"the reference fails on the probes: {errors_found.get('reference', 'it raised')}",
                             f"fix the probes in {probes} (or `observe` there) or the reference")]
    errors = []
    if diagnose(record["reference"], record, problem.tolerance):
        errors.append(ProblemError(probes, "the reference is diagnosed as a mistake", "report this as a bug"))
    for name, outputs in record["wrong"].items():
        if outputs is None:
            errors.append(ProblemError(probes, f"known-wrong solution `{name}` fails on the probes: "
                                               f"{errors_found.get(name, 'it raised')}",
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
    if runs.first["reference"].get("stop"):
        return report   # the reference could not even run: one error, not its consequences
    report.errors += live_diagnosis_errors(problem, runs.first, root)
    report.errors += flaky_tests(problem, runs.first, runs.second, root)
    slow, report.warnings = slow_tests(problem, runs.first["reference"], runs.second["reference"], root)
    report.errors += slow
    if runs.probes is not None:
        report.probes = runs.probes
        report.diagnosed = {name: diagnose(outputs, runs.probes, problem.tolerance)
                            for name, outputs in runs.probes["wrong"].items()}
        report.errors += diagnosis_errors(problem, runs.probes, root)
        report.errors += sweep_errors(problem, runs.probes, root)
    return report


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
    errors = {}
    md = markdown_renderer()
    prepare_statements(problems, md)
    for problem in problems:
        try:
            render_statement(problem, root, md)
        except ProblemError as exc:
            errors[problem.slug] = exc
    return errors


def fingerprint(problem: Problem, root: Path) -> str:
    """A hash of everything a check result depends on: the problem's files, the runtime
    package, this file, the vendored browser runtime and the versions of Python, numpy and
    pytest that run the CPython leg."""
    digest = hashlib.sha256(sys.version.encode())
    for package in ("numpy", "pytest"):
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    digest.update(runtime_digest().encode())
    digest.update(lock_entries(root, problem.packages).encode())
    folders = [problem.metadata_path.parent, problem.reference_path.parent, problem.tests_dir]
    files = [*sorted(Path(__file__).parent.glob("*.py")), root / "vendor.toml", root / PYODIDE_SCRIPT] + sorted(
        p for f in folders for p in f.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        content = path.read_bytes() if path.is_file() else b"(missing)"
        digest.update(str(relative(path, root)).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()[:20]


def cache_path(problem: Problem, root: Path, cache_dir: Path) -> Path:
    """Where a passing check of the problem's current files is stored. Computed before the
    check runs, so an edit made while it runs is checked again next time."""
    return cache_dir / f"{problem.slug}-{fingerprint(problem, root)}.json"


def cached_report(problem: Problem, path: Path) -> ProblemReport | None:
    """The stored result of a passing check of identical files, if there is one; an entry
    that cannot be read counts as a miss."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return ProblemReport(problem.slug, problem, stored["results"], probes=stored["probes"],
                             diagnosed=stored["diagnosed"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_report(report: ProblemReport, path: Path) -> None:
    """Keep a passing report for `cached_report`; failing ones are always checked again.
    Written beside its final name and renamed, so a reader never sees half an entry."""
    if report.ok and report.problem is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = {"results": report.results, "probes": report.probes, "diagnosed": report.diagnosed}
        partial = path.with_name(f"{path.name}.part-{os.getpid()}-{id(report)}")
        partial.write_text(json.dumps(stored), encoding="utf-8")
        os.replace(partial, path)


def prepare_runtime(reports: list[ProblemReport], root: Path) -> None:
    """Download, verify and compile the browser runtime if it is not in the cache yet; a
    failure is every passing problem's error, as the Pyodide leg cannot run."""
    passing = [r for r in reports if r.ok and r.problem is not None]
    if not passing:
        return
    try:
        runtime_files(root)
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
    problems = {r.slug: problem_data(r.problem, r.probes, r.expected) for r in passing}
    jobs = evaluation_jobs([r.problem for r in passing])
    where = relative(passing[0].problem.tests_dir, root) if len(passing) == 1 else PYODIDE_SCRIPT
    try:
        results = iter(run_in_pyodide(problems, jobs, root, where, wheels=wheels))
    except ProblemError as exc:
        if len(passing) > 1:
            for report in passing:
                check_in_pyodide([report], root, wheels)
        else:
            passing[0].errors.append(exc)
        return
    for report in passing:
        for target in targets_of(report.problem):
            report.results[PYODIDE + target.label] = next(results)
        report.errors += shortfalls(report.problem, report.results, root, PYODIDE)
        report.errors += live_diagnosis_errors(report.problem, report.results, root, PYODIDE)


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
        if stored and (PYODIDE + "reference" in stored.results or not pyodide):
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
    return sorted(reports + fresh, key=lambda r: r.slug)


def _caught_by(result: dict) -> str:
    if "error" in result:
        return f"RUNTIME FAILED: {result['error']}"
    names = [row["name"] for row in failing(result)]
    if result.get("stop"):
        return f"stopped ({result['stop']['kind']})"
    return f"caught by {len(names)}: " + "; ".join(names) if names else "NOT CAUGHT"


def _diagnosis(report: ProblemReport, name: str) -> str:
    if report.diagnosed is None:
        return ""
    found = report.diagnosed.get(name) or []
    return "; diagnosed" if found == [name] else "; NOT DIAGNOSED" if not found else "; AMBIGUOUS: " + ", ".join(found)


def _tally(result: dict) -> str:
    if "error" in result:
        return "runtime failed"
    others = len(result["rows"]) - result["total"]
    return f"{result['passed']:>3}/{result['total']:<3} passed" + (f" ({others} skipped or xfail)" if others else "")


def format_report(report: ProblemReport) -> str:
    """A compact table: tests passed by reference and starter in each leg, which wrong
    solutions were caught and diagnosed."""
    if report.problem is None or not report.results:
        return "\n".join([f"{report.slug}: not checked"] + [f"  error: {e}" for e in report.errors])
    problem, results = report.problem, report.results
    cases = len(report.expected or [])
    lines = [f"{problem.slug} — {problem.title} ({cases} hidden test cases, {len(problem.wrong)} known-wrong)"]
    for leg in ("", PYODIDE):
        for label in ("reference", "starter"):
            if leg + label in results:
                lines.append(f"  {leg + label:<34} {_tally(results[leg + label])}")
        wrong = [f"wrong/{w.name}" for w in problem.wrong]
        if leg and wrong and all(leg + label in results for label in wrong):
            named = sum(((results[leg + label].get("diagnosis") or {}).get("name") == label[6:]) for label in wrong)
            caught_count = sum(caught(results[leg + label]) for label in wrong)
            lines.append(f"  {leg + 'known-wrong':<34} {caught_count}/{len(wrong)} caught, {named} named by their run")
        elif not leg:
            lines += [f"  {label:<34} {_caught_by(results[label])}{_diagnosis(report, label[6:])}"
                      for label in wrong if label in results]
    lines += [f"  error: {e}" for e in report.errors]
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def summary_line(report: ProblemReport) -> str:
    """One line for a problem that passed: what was proven, in how many legs."""
    cases = len(report.expected or [])
    legs = "CPython and Pyodide" if PYODIDE + "reference" in report.results else "CPython"
    return (f"ok  {report.slug} ({cases} test cases, {len(report.problem.wrong)} known-wrong caught and named; "
            f"{legs})")


def run_check(root: Path, only: list[str] | None = None, out: Callable[[str], None] = print,
              pyodide: bool = True, verbose: bool = False, cache_dir: Path | None = None) -> int:
    """The `check` command: one line per passing problem (its table with `verbose`), the
    table and every error of each failing one; return the exit code (0 when all is well).
    With `cache_dir`, unchanged problems that passed before are not run again."""
    reports = check_all(root, only, pyodide=pyodide, cache_dir=cache_dir)
    for report in reports:
        if report.ok and not verbose:
            out(summary_line(report))
            for warning in report.warnings:
                out(f"    warning: {warning}")
        else:
            out(format_report(report))
            out("")
    bad = [r for r in reports if not r.ok]
    out(f"{len(reports) - len(bad)} of {len(reports)} problems ok" + (f"; failing: {', '.join(r.slug for r in bad)}" if bad else ""))
    return 1 if bad or not reports else 0
