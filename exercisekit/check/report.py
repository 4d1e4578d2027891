"""The text `build_site.py check` prints: a line per passing problem, a table per failing one."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..project import Project
from .interpreter import interpreter_line
from .model import CPYTHON, IN_PYODIDE, ProblemReport, Result, RunKey, caught, failing
from .run import check_all


def _caught_by(result: Result) -> str:
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


def _tally(result: Result) -> str:
    if "error" in result:
        return "runtime failed"
    others = len(result["rows"]) - result["total"]
    return f"{result['passed']:>3}/{result['total']:<3} passed" + (f" ({others} skipped or xfail)" if others else "")


def format_report(report: ProblemReport, project: Project) -> str:
    """A compact table: tests passed by reference and starter in each leg, which wrong
    solutions were caught and diagnosed; errors name files relative to the project."""
    if report.problem is None or not report.results:
        return "\n".join([f"{report.slug}: not checked"] + [f"  error: {project.shown(e)}" for e in report.errors])
    problem, results = report.problem, report.results
    cases = len(report.expected or [])
    lines = [f"{problem.slug} — {problem.title} ({cases} hidden test cases, {len(problem.wrong)} known-wrong)"]
    for leg in (CPYTHON, IN_PYODIDE):
        for target in ("reference", "starter"):
            key = RunKey(leg, target)
            if key in results:
                lines.append(f"  {key.label:<34} {_tally(results[key])}")
        wrong = {w.name: RunKey(leg, f"wrong/{w.name}") for w in problem.wrong}
        if leg == IN_PYODIDE and wrong and all(key in results for key in wrong.values()):
            named = sum((results[key].get("diagnosis") or {}).get("name") == name for name, key in wrong.items())
            caught_count = sum(caught(results[key]) for key in wrong.values())
            lines.append(f"  {RunKey(leg, 'known-wrong').label:<34} {caught_count}/{len(wrong)} caught, "
                         f"{named} named by their run")
        elif leg == CPYTHON:
            lines += [f"  {key.label:<34} {_caught_by(results[key])}{_diagnosis(report, name)}"
                      for name, key in wrong.items() if key in results]
    lines += [f"  error: {project.shown(e)}" for e in report.errors]
    lines += [f"  warning: {project.shown(w)}" for w in report.warnings]
    lines += [f"  note: {project.shown_text(note)}" for note in report.notes]
    return "\n".join(lines)


def summary_line(report: ProblemReport) -> str:
    """One line for a problem that passed: what was proven, in how many legs."""
    cases = len(report.expected or [])
    legs = "CPython and Pyodide" if RunKey(IN_PYODIDE, "reference") in report.results else "CPython"
    # Naming a mistake needs probes.py; without it a known-wrong solution is only caught.
    proven = "caught and named" if report.loaded.probes_path is not None else "caught (no probes.py to name them)"
    return f"ok  {report.slug} ({cases} test cases, {len(report.loaded.wrong)} known-wrong {proven}; {legs})"


def run_check(project: Project | Path, only: list[str] | None = None, out: Callable[[str], None] = print,
              pyodide: bool = True, verbose: bool = False, cache_dir: Path | None = None) -> int:
    """The `check` command on the project (or the course folder): one line per passing
    problem (its table with `verbose`), the table and every error of each failing one;
    return the exit code (0 when all is well). With `cache_dir`, unchanged problems that
    passed before are not run again."""
    project = Project.at(project)
    reports = check_all(project, only, pyodide=pyodide, cache_dir=cache_dir)
    for report in reports:
        if report.ok and not verbose:
            out(summary_line(report))
            for warning in report.warnings:
                out(f"    warning: {project.shown(warning)}")
            for note in report.notes:
                out(f"    note: {project.shown_text(note)}")
        else:
            out(format_report(report, project))
            out("")
    bad = [r for r in reports if not r.ok]
    if reports:
        out(interpreter_line(project))
    out(f"{len(reports) - len(bad)} of {len(reports)} problems ok" + (f"; failing: {', '.join(r.slug for r in bad)}" if bad else ""))
    return 1 if bad or not reports else 0
