"""The `exercisekit` command: check problems, build the site, scaffold problems and courses.

    exercisekit init DIR                 a course folder (new or existing) with one example problem
    exercisekit docs                     print the authoring guide (AUTHORING.md)
    exercisekit check [SLUG ...]         run every problem's hidden tests against its
                                         reference, starter and known-wrong solutions
    exercisekit build [SLUG ...]         check, then build the static site (default: site/)
    exercisekit scorm [SLUG ...]         check, then write SCORM 1.2 or 2004 packages (default: scorm/)
    exercisekit new SLUG [--script | --example data|class|sweeps|points]
                                         scaffold a complete problem that `check` accepts
    exercisekit serve [--port N]         live preview: build, serve, rebuild on change

Every command works on the course in the current folder, or in `--root DIR`: `main` makes
its Project (exercisekit/project.py: the folder and its caches) once, passes it down, and
prints errors with their paths relative to the course folder.
This repository's `build_site.py` is a thin wrapper over `main`.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__
from .errors import ProblemError
from .project import Project

# Commands that run Node (KaTeX, the Pyodide leg) and need the browser runtime installed.
NEEDS_NODE = {"check", "build", "scorm", "serve"}


def parse_args(argv: list[str], prog: str, default_root: Path | None) -> argparse.Namespace:
    """The parsed command line; `--root` defaults to `default_root`, else the current folder."""
    parser = argparse.ArgumentParser(prog=prog, description="Check problems and build the exercise site.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=default_root or Path.cwd(),
                        help="the course folder: exercise/, solutions/, hidden_tests/ (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="write a new course folder with one example problem")
    init.add_argument("dir", type=Path, metavar="DIR", help="the course folder: new, or existing (what it lacks "
                      "is added, nothing is overwritten)")
    init.add_argument("--title", default=None, help="the course title (default: from the folder's name)")
    check = commands.add_parser("check", help="validate problems against their reference, starter and known-wrong solutions")
    check.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to check (default: all)")
    check.add_argument("--no-pyodide", action="store_true", help="skip the second leg, inside Pyodide under Node")
    check.add_argument("--no-cache", action="store_true", help="check every problem again, even unchanged ones "
                       "that passed before")
    check.add_argument("--verbose", action="store_true", help="print the full table of every problem, not only "
                       "of failing ones")
    build = commands.add_parser("build", help="check every problem, then write the static site")
    build.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to build (default: all)")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: site/ in the course)")
    build.add_argument("--keep-going", action="store_true", help="build every problem that passes check, list "
                       "those that fail, and exit 1 if any did")
    build.add_argument("--no-service-worker", action="store_true",
                       help="install no service worker (no offline use); pages remove one an earlier build installed")
    build.add_argument("--embed-origin", default="*", help="origin a page inside an <iframe> posts its results to "
                       "(default: * = any parent page), e.g. https://course.example.org")
    scorm = commands.add_parser("scorm", help="check, then write SCORM packages: SLUG.zip per problem and "
                                "course.zip with them all")
    scorm.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to package (default: all)")
    scorm.add_argument("--out", type=Path, default=None, help="output folder (default: scorm/ in the course)")
    scorm.add_argument("--scorm-version", choices=["1.2", "2004"], default="1.2",
                       help="the edition of the packages: 1.2 (default, every LMS) or 2004 (4th edition)")
    new = commands.add_parser("new", help="scaffold a new problem in exercise/, solutions/ and hidden_tests/")
    new.add_argument("slug", metavar="SLUG", help="the problem's name: a Python module name, e.g. softmax_loss")
    shape = new.add_mutually_exclusive_group()
    shape.add_argument("--script", action="store_const", const="script", dest="shape",
                       help="a script problem: the learner writes lines, with names given by hidden setup code")
    shape.add_argument("--example", choices=["data", "class", "sweeps", "points"], dest="shape",
                       help="start from a harder shape: data (a script reading a data file), class, "
                       "sweeps (plots against the reference), points (tests that weigh differently)")
    docs = commands.add_parser("docs", help="print the authoring guide (AUTHORING.md) that comes with the tool")
    docs.add_argument("--path", action="store_true", help="print only where the guide is, e.g. to open it")
    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild and reload on change")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.add_argument("--out", type=Path, default=None, help="output folder (default: a folder of the "
                       "preview's own, removed when it stops; never site/)")
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    args.prog = prog
    return args


def command_init(args: argparse.Namespace) -> int:
    from .authoring.course import init_course

    result = init_course(args.dir.resolve(), args.title)
    print("\n".join([f"course {args.dir}:", *(f"  created {path}" for path in result.created),
                     *(f"  kept    {path} (there already; not overwritten)" for path in result.kept)]))
    if result.source:
        print(f"CI installs the tool as course.toml says: requirement = \"{result.source.requirement}\"")
        if result.source.note:
            print(f"note: {result.source.note}")
    print(f"next: cd {args.dir} && {args.prog} check   (the guide: {args.prog} docs)")
    return 0


def command_check(args: argparse.Namespace) -> int:
    from .check import run_check
    from .problems.course import course_texts_html, load_course
    from .problems.model import ProblemTrees

    project: Project = args.project
    # course.toml's errors (its intro's math too) before any test runs
    course_texts_html(load_course(project.root, ProblemTrees(project.root).slugs()))
    cache = None if args.no_cache else project.check_cache
    return run_check(project, args.slugs or None, pyodide=not args.no_pyodide, verbose=args.verbose,
                     cache_dir=cache)


def command_build(args: argparse.Namespace) -> int:
    from .site.build import BuildError, build_site

    project: Project = args.project
    out = (args.out or project.root / "site").resolve()
    started = time.perf_counter()
    try:
        result = build_site(project, out, strict=not args.keep_going, only=args.slugs or None,
                            service_worker=not args.no_service_worker, embed_origin=args.embed_origin)
    except BuildError as exc:
        print(f"build failed, {out} left as it was:\n{exc}", file=sys.stderr)
        return 1
    print(f"built {len(result.problems)} problems into {result.out} in {time.perf_counter() - started:.1f} s")
    if result.broken:
        print(f"left out {len(result.broken)} problems that fail `check`: {', '.join(result.broken)}", file=sys.stderr)
        for slug, errors in result.broken.items():
            print("\n".join([f"{slug}:"] + [f"  {project.shown(error)}" for error in errors]), file=sys.stderr)
        return 1
    return 0


def command_scorm(args: argparse.Namespace) -> int:
    from .site.build import BuildError
    from .site.scorm import build_scorm

    project: Project = args.project
    try:
        written = build_scorm(project, (args.out or project.root / "scorm").resolve(), only=args.slugs or None,
                              version=args.scorm_version)
    except BuildError as exc:
        print(f"SCORM packages not written:\n{exc}", file=sys.stderr)
        return 1
    print("\n".join(["wrote:", *(f"  {path} ({path.stat().st_size / 1e6:.1f} MB)" for path in written)]))
    return 0


def command_new(args: argparse.Namespace) -> int:
    from .authoring.scaffold import new_problem

    created = new_problem(args.project, args.slug, args.shape or "function")
    print("\n".join(["created:", *(f"  {path}" for path in created)]))
    print(f"next: replace the REPLACE comments, then `{args.prog} check {args.slug}`")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    from .authoring.serve import serve

    serve(args.project, args.out, args.port)
    return 0


def command_docs(args: argparse.Namespace) -> int:
    from .toolhome import guide_path

    guide = guide_path()
    try:
        print(guide if args.path else guide.read_text(encoding="utf-8"), flush=True)
    except BrokenPipeError:   # the reader (`| head`, a pager) stopped early: no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


COMMANDS = {"init": command_init, "check": command_check, "build": command_build, "scorm": command_scorm,
            "new": command_new, "serve": command_serve, "docs": command_docs}


def main(argv: list[str] | None = None, prog: str = "exercisekit", default_root: Path | None = None) -> int:
    """Run one command; return its exit status (0 when it succeeded)."""
    args = parse_args(sys.argv[1:] if argv is None else argv, prog, default_root)
    # The one Project of this run: every command below works on it, and the errors they
    # raise name absolute paths, shown relative to the course folder here.
    project = args.project = Project(args.root)
    try:
        if args.command in NEEDS_NODE:
            if not (project.root / "exercise").is_dir():
                raise ProblemError(project.root, "is not a course folder: it has no exercise/ folder",
                                   f"run `{prog}` in a course folder, pass `--root DIR`, or create one "
                                   f"with `{prog} init DIR`")
            from .toolhome import ensure_node_modules

            ensure_node_modules()
        return COMMANDS[args.command](args)
    except ProblemError as exc:
        print(f"error: {project.shown(exc)}", file=sys.stderr)
        return 1


def console_main() -> None:
    """Entry point of the `exercisekit` console script."""
    sys.exit(main())
