"""The cache of `check`: a passing report is kept under a fingerprint of every file it depends
on, and reused while none of them changes."""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path

from ..assets.packages import lock_entries
from ..assets.runtime_package import runtime_digest
from ..errors import ProblemError
from ..problems.example import example_blocks
from ..problems.model import Problem
from ..project import Project
from .model import ProblemReport, Results
from .pyodide import CONTRACT
from .pyodide import SCRIPT as PYODIDE_SCRIPT
from .rules import placeholder_lines


def fingerprint(problem: Problem, project: Project, leg_identity: str) -> str:
    """A hash of everything a check result depends on: the problem's files (of the statement,
    only what statement_view keeps), the runtime package, the files of this package and of
    problems/, the vendored browser runtime and the versions of Python, numpy and pytest
    that run the CPython leg (`leg_identity`, HostLeg.identity)."""
    digest = hashlib.sha256(sys.version.encode())
    digest.update(leg_identity.encode())
    for package in ("numpy", "pytest"):
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    digest.update(runtime_digest().encode())
    digest.update(lock_entries(project, problem.packages).encode())
    folders = [problem.metadata_path.parent, problem.reference_path.parent, problem.tests_dir]
    # Every Node script of the Pyodide leg (the entry point and what it imports) counts.
    node_scripts = sorted((project.tool / PYODIDE_SCRIPT).parent.glob("*.mjs"))
    # The rules of check live here and in problems/ (loading, validation, problem data).
    rules = [*sorted(Path(__file__).parent.glob("*.py")), *sorted((Path(__file__).parent.parent / "problems").glob("*.py"))]
    files = [*rules, project.tool / "vendor.toml", *node_scripts,
             project.tool / CONTRACT] + sorted(
        p for f in folders for p in f.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        if path == problem.statement_path:
            content = statement_view(problem)
        else:
            content = path.read_bytes() if path.is_file() else b"(missing)"
        digest.update(str(project.relative(path)).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()[:20]


def statement_view(problem: Problem) -> bytes:
    """What a check result depends on in the statement: the code blocks of its Example and
    the lines they start on (check/examples.py reads only these, and keys each run by its
    line), and the lines holding a `REPLACE` placeholder (kept as warnings). An edit of the
    prose keeps the cache, so the live preview shows it without running the legs again; the
    statement is rendered on every check, hit or miss (run.statement_errors), so what new
    prose may not carry is still refused."""
    blocks = example_blocks(problem.statement)
    example = None if blocks is None else [[block.first, block.lines] for block in blocks]
    return json.dumps({"example": example, "placeholders": placeholder_lines(problem.statement)}).encode()


def cache_path(problem: Problem, project: Project, cache_dir: Path, leg_identity: str) -> Path:
    """Where a passing check of the problem's current files is stored. Computed before the
    check runs, so an edit made while it runs is checked again next time."""
    return cache_dir / f"{problem.slug}-{fingerprint(problem, project, leg_identity)}.json"


def warning_to_json(warning: ProblemError, project: Project) -> dict:
    """A warning as a cache entry keeps it: its file relative to the course folder, which
    may move without changing the fingerprint."""
    return {"file": str(project.relative(warning.file)), "message": warning.message, "fix": warning.fix,
            "line": warning.line, "column": warning.column}


def warning_from_json(stored: dict, project: Project) -> ProblemError:
    """The warning `warning_to_json` stored, its file under the course folder again."""
    return ProblemError(project.root / stored["file"], stored["message"], stored["fix"],
                        line=stored["line"], column=stored["column"])


def cached_report(problem: Problem, path: Path, project: Project) -> ProblemReport | None:
    """The stored result of a passing check of identical files, with its warnings (a passing
    check says them every time, not only the first), if there is one; an entry that cannot
    be read counts as a miss."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return ProblemReport(problem.slug, problem, Results.from_json(stored["results"]), probes=stored["probes"],
                             diagnosed=stored["diagnosed"],
                             warnings=[warning_from_json(w, project) for w in stored["warnings"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):   # AttributeError: not a JSON object
        return None


def store_report(report: ProblemReport, path: Path, project: Project) -> None:
    """Keep a passing report for `cached_report`; failing ones are always checked again.
    Written beside its final name and renamed, so a reader never sees half an entry."""
    if report.ok and report.problem is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = {"results": report.results.to_json(), "probes": report.probes, "diagnosed": report.diagnosed,
                  "warnings": [warning_to_json(w, project) for w in report.warnings]}
        partial = path.with_name(f"{path.name}.part-{os.getpid()}-{id(report)}")
        partial.write_text(json.dumps(stored), encoding="utf-8")
        os.replace(partial, path)
