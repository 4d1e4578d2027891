#!/usr/bin/env python3
"""This repository's command line: the `exercisekit` CLI (exercisekit/cli.py) on this
checkout's course, so `python build_site.py check` works without installing the tool.

    python build_site.py check [SLUG ...]        run every problem's hidden tests against its
                                                 reference, starter and known-wrong solutions
    python build_site.py build [SLUG ...]        check, then build the static site (default: site/)
    python build_site.py scorm [SLUG ...]        check, then write SCORM 1.2 packages (default: scorm/)
    python build_site.py new SLUG                scaffold a complete problem that `check` accepts
    python build_site.py serve [--port N]        live preview: build, serve, rebuild on change
    python build_site.py init DIR                a new course folder of its own
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # this checkout's package, even where another one is installed

from exercisekit.cli import main  # noqa: E402  (after the path is set)

if __name__ == "__main__":
    sys.exit(main(prog="build_site.py", default_root=ROOT))
