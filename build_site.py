#!/usr/bin/env python3
"""Command line of the exercise site.

    python build_site.py check [SLUG ...]        run every problem's hidden tests against its
                                                 reference, starter and known-wrong solutions
    python build_site.py build [SLUG ...]        check, then build the static site (default: site/)
    python build_site.py scorm [SLUG ...]        check, then write SCORM 1.2 packages (default: scorm/)
    python build_site.py new SLUG                scaffold a complete problem that `check` accepts
    python build_site.py serve [--port N]        live preview: build, serve, rebuild on change
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build_site.py", description="Check problems and build the exercise site.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate problems against their reference, starter and known-wrong solutions")
    check.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to check (default: all)")
    check.add_argument("--no-pyodide", action="store_true", help="skip the second leg, inside Pyodide under Node")
    check.add_argument("--no-cache", action="store_true", help="check every problem again, even unchanged ones "
                       "that passed before")
    check.add_argument("--verbose", action="store_true", help="print the full table of every problem, not only "
                       "of failing ones")
    build = commands.add_parser("build", help="check every problem, then write the static site")
    build.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to build (default: all)")
    build.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    build.add_argument("--keep-going", action="store_true", help="build every problem that passes check, list "
                       "those that fail, and exit 1 if any did")
    build.add_argument("--no-service-worker", action="store_true",
                       help="install no service worker (no offline use); pages remove one an earlier build installed")
    build.add_argument("--embed-origin", default="*", help="origin a page inside an <iframe> posts its results to "
                       "(default: * = any parent page), e.g. https://course.example.org")
    scorm = commands.add_parser("scorm", help="check, then write SCORM 1.2 packages: SLUG.zip per problem and "
                                "course.zip with them all")
    scorm.add_argument("slugs", nargs="*", metavar="SLUG", help="problems to package (default: all)")
    scorm.add_argument("--out", type=Path, default=ROOT / "scorm", help="output folder (default: scorm/)")
    new = commands.add_parser("new", help="scaffold a new problem in exercise/, solutions/ and hidden_tests/")
    new.add_argument("slug", metavar="SLUG", help="the problem's name: a Python module name, e.g. softmax_loss")
    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild and reload on change")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.add_argument("--out", type=Path, default=None, help="output folder (default: a folder of the "
                       "preview's own, removed when it stops; never site/)")
    return parser.parse_args(argv)


def command_check(args: argparse.Namespace) -> int:
    from exercisekit.check import run_check

    cache = None if args.no_cache else ROOT / ".cache" / "check"
    return run_check(ROOT, args.slugs or None, pyodide=not args.no_pyodide, verbose=args.verbose, cache_dir=cache)


def command_build(args: argparse.Namespace) -> int:
    from exercisekit.site.build import BuildError, build_site

    started = time.perf_counter()
    try:
        result = build_site(ROOT, args.out, strict=not args.keep_going, only=args.slugs or None,
                            service_worker=not args.no_service_worker, embed_origin=args.embed_origin)
    except BuildError as exc:
        print(f"build failed, {args.out} left as it was:\n{exc}", file=sys.stderr)
        return 1
    print(f"built {len(result.problems)} problems into {result.out} in {time.perf_counter() - started:.1f} s")
    if result.broken:
        print(f"left out {len(result.broken)} problems that fail `check`: {', '.join(result.broken)}", file=sys.stderr)
        for slug, errors in result.broken.items():
            print("\n".join([f"{slug}:"] + [f"  {error}" for error in errors]), file=sys.stderr)
        return 1
    return 0


def command_scorm(args: argparse.Namespace) -> int:
    from exercisekit.site.build import BuildError
    from exercisekit.site.scorm import build_scorm

    try:
        written = build_scorm(ROOT, args.out.resolve(), only=args.slugs or None)
    except BuildError as exc:
        print(f"SCORM packages not written:\n{exc}", file=sys.stderr)
        return 1
    print("\n".join(["wrote:", *(f"  {path} ({path.stat().st_size / 1e6:.1f} MB)" for path in written)]))
    return 0


def command_new(args: argparse.Namespace) -> int:
    from exercisekit.authoring.scaffold import new_problem
    from exercisekit.errors import ProblemError

    try:
        created = new_problem(ROOT, args.slug)
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(["created:", *(f"  {path}" for path in created)]))
    print(f"next: replace the REPLACE comments, then `python build_site.py check {args.slug}`")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    from exercisekit.authoring.serve import serve

    serve(ROOT, args.out, args.port)
    return 0


COMMANDS = {"check": command_check, "build": command_build, "scorm": command_scorm, "new": command_new, "serve": command_serve}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
