"""Where the tool's own files live, apart from the course being built.

A course folder holds only problems (exercise/, solutions/, hidden_tests/) and course.toml.
What builds them -- the page templates and scripts (web/), the runtime pins (vendor.toml),
the browser dependencies (package.json, package-lock.json, node_modules) and the vendored
wheels (.cache/vendor) -- sits in the *tool home*:

- in this repository (a checkout, or an editable install of it), the checkout itself, so
  `make setup` and `build_site.py` work as before;
- in an installed wheel, a folder in the user's cache, filled from the copy of those files
  the wheel carries (exercisekit/_data) and given its node_modules by `npm ci` on first use.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import __version__
from .errors import ProblemError

PACKAGE = Path(__file__).resolve().parent
# The files the wheel carries (setup.py copies them); also what marks a checkout.
DATA_FILES = ("vendor.toml", "package.json", "package-lock.json")
DATA_DIRS = ("web",)
SHIPPED = PACKAGE / "_data"
NODE_MAJOR = 20
# What `npm ci` installs for the tool (node_modules of package-lock.json), measured: said
# before the first install, which npm itself does not announce.
NPM_MB = 55


def checkout_root() -> Path | None:
    """The repository this package runs from, or None when it runs from an installed wheel."""
    root = PACKAGE.parent
    if all((root / name).is_file() for name in DATA_FILES) and (root / "web").is_dir():
        return root
    return None


def cache_home() -> Path:
    """The user's cache folder for the tool ($XDG_CACHE_HOME or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "exercisekit"


def tool_root() -> Path:
    """The folder with web/, vendor.toml, package*.json (and, once installed, node_modules).

    $EXERCISEKIT_HOME overrides it (read on every call, so a test can point one build at a
    tool home of its own). An installed wheel copies its files into a folder per version of
    the tool, so two versions never share node_modules or compiled runtimes."""
    if os.environ.get("EXERCISEKIT_HOME"):
        return Path(os.environ["EXERCISEKIT_HOME"]).resolve()
    return _default_tool_root()


@functools.cache
def _default_tool_root() -> Path:
    """The checkout, or the installed tool's folder in the user cache (filled once per process)."""
    checkout = checkout_root()
    if checkout is not None:
        return checkout
    if not SHIPPED.is_dir():
        raise ProblemError(Path("exercisekit/_data"), "the installed package carries no web/ or vendor.toml",
                           "reinstall exercisekit from a wheel built with `pip wheel .` in its repository")
    home = cache_home() / __version__
    home.mkdir(parents=True, exist_ok=True)
    # Refreshed on every run: a reinstall of the same version with fixed templates must win.
    for name in DATA_FILES:
        shutil.copyfile(SHIPPED / name, home / name)
    for name in DATA_DIRS:
        shutil.copytree(SHIPPED / name, home / name, dirs_exist_ok=True)
    return home


GUIDE = "AUTHORING.md"


def guide_path() -> Path:
    """The authoring guide: the checkout's AUTHORING.md, or the copy the wheel carries."""
    checkout = checkout_root()
    path = (checkout if checkout is not None else SHIPPED) / GUIDE
    if not path.is_file():
        raise ProblemError(Path("exercisekit/_data") / GUIDE, "the installed package carries no authoring guide",
                           "reinstall exercisekit from a wheel built with `python -m build` in its repository")
    return path


def node_version(node: str) -> int | None:
    """Node's major version, or None if it cannot say."""
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.match(r"v(\d+)\.", out.strip())
    return int(match.group(1)) if match else None


def require_node() -> None:
    """Fail with what to install when Node 20+ or npm is missing: the build typesets math
    with KaTeX and runs the hidden tests in Pyodide under Node, and npm fetches both."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if path is None)
        raise ProblemError(Path("node"), f"{missing} not found on PATH; `check` and `build` need Node "
                           f"{NODE_MAJOR} or later with npm",
                           f"install Node {NODE_MAJOR} (https://nodejs.org, or your system's nodejs and npm "
                           "packages), then run the command again")
    major = node_version(node)
    if major is None or major < NODE_MAJOR:
        raise ProblemError(Path(node), f"Node {major or 'of unknown version'} is too old; the build needs "
                           f"Node {NODE_MAJOR} or later", f"install Node {NODE_MAJOR} or later")


def ensure_node_modules() -> Path:
    """The tool home, with its node_modules installed (Pyodide, KaTeX, esbuild, the editor).

    In a checkout the Makefile installs them; an installed tool runs `npm ci` once into its
    own folder in the user's cache, so a course folder needs no node_modules of its own."""
    require_node()
    home = tool_root()
    ready = home / "node_modules" / ".ready"
    if ready.exists():
        return home
    if home == checkout_root():
        raise ProblemError(Path("node_modules"), "the browser dependencies are not installed",
                           "run `make setup` (or `npm ci`) in the repository")
    print(f"first use: installing the pinned browser runtime (Pyodide, KaTeX, esbuild: about {NPM_MB} MB) into "
          f"{home} with npm, once; this takes a minute or more ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=home, capture_output=True, text=True)
    if done.returncode != 0:
        raise ProblemError(home / "package-lock.json", f"`npm ci` failed:\n{done.stderr.strip()[-2000:]}",
                           "check the network connection (npm downloads from its registry), then run again")
    size = sum(p.stat().st_size for p in (home / "node_modules").rglob("*") if p.is_file())
    print(f"  installed {size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    ready.touch()
    return home
