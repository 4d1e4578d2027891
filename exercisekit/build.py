"""`build_site.py build`: check the problems, then write the static site, atomically.

The pipeline: load and check every problem -> vendor the runtime (Pyodide, numpy, pytest)
-> bundle the front end -> render one page per problem and the index -> swap the new
site into place. Everything is written to a staging folder first, so a build that fails
at any step leaves the previous site untouched.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .check import check_all, format_report
from .errors import ProblemError
from .frontend import build_frontend
from .problems import Problem
from .render import markdown_renderer, path_order, render_statement, template_environment, view_of
from .vendor import vendor_runtime


class BuildError(Exception):
    """The build stopped; the previous site is untouched. The message lists every cause."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    problems: tuple[str, ...]


def problem_data(problem: Problem) -> dict:
    """What the browser needs to run a problem's tests. Never the reference or wrong solutions."""
    return {
        "slug": problem.slug,
        "module": problem.slug,
        "function": problem.function,
        "time_limit": problem.time_limit,
        "names": problem.test_names,
        "tests": {p.name: p.read_text(encoding="utf-8") for p in problem.test_files},
        "starter": problem.starter,
    }


def checked_problems(root: Path, run_tests: bool) -> list[Problem]:
    """Every problem, once `check` passes for all of them; otherwise a BuildError with the reports."""
    if not run_tests:
        from .validate import load_all

        problems, failures = load_all(root)
        if failures:
            raise BuildError("\n".join(str(e) for errors in failures.values() for e in errors))
        return problems
    reports = check_all(root)
    bad = [r for r in reports if not r.ok]
    if bad:
        raise BuildError("these problems fail `check`:\n\n" + "\n\n".join(format_report(r) for r in bad))
    if not reports:
        raise BuildError("no problems found under exercise/; create one with `python build_site.py new SLUG`")
    return [r.problem for r in reports]


def write_pages(stage: Path, root: Path, problems: list[Problem], assets: dict, runtime) -> None:
    env = template_environment(root / "web" / "templates")
    md = markdown_renderer()
    views = [view_of(p, render_statement(p, root, md)) for p in problems]
    (stage / "data").mkdir(parents=True, exist_ok=True)
    for index, (problem, view) in enumerate(zip(problems, views)):
        data = json.dumps(problem_data(problem), ensure_ascii=False, separators=(",", ":"))
        (stage / view.data_url).write_text(data, encoding="utf-8")
        page = env.get_template("problem.html").render(
            problem=view, assets=assets, runtime=runtime,
            prev=views[index - 1] if index else None, next=views[index + 1] if index + 1 < len(views) else None)
        (stage / view.url).write_text(page, encoding="utf-8")
    index_page = env.get_template("index.html").render(problems=views, assets=assets, runtime=runtime)
    (stage / "index.html").write_text(index_page, encoding="utf-8")


def swap_into_place(stage: Path, out: Path) -> None:
    """Replace `out` by `stage` with two renames, so no half-written site is ever visible."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(root: Path, out: Path, run_tests: bool = True) -> BuildResult:
    """Check every problem and build the site into `out`. Raises BuildError, leaving `out` as it was."""
    out = out.resolve()
    problems = path_order(checked_problems(root, run_tests))
    stage = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        runtime = vendor_runtime(stage, root)
        assets = build_frontend(stage, root)
        write_pages(stage, root, problems, assets, runtime)
        swap_into_place(stage, out)
    except ProblemError as exc:
        raise BuildError(str(exc)) from exc
    except Exception as exc:
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return BuildResult(out, tuple(p.slug for p in problems))
