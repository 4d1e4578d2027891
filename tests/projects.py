"""Throwaway project trees for tests: copies of real problems, sharing the build inputs."""
from __future__ import annotations

import dataclasses
import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from exercisekit.project import Project

ROOT = Path(__file__).resolve().parents[1]


def copy_problem(dest_root: Path, slug: str, new_slug: str | None = None) -> Path:
    """Copy a shipped problem's three folders into `dest_root`, optionally under another slug.

    The copy stands alone: its prerequisites are dropped, since they are not copied.
    """
    new_slug = new_slug or slug
    for tree in ("exercise", "solutions", "hidden_tests"):
        shutil.copytree(ROOT / tree / slug, dest_root / tree / new_slug,
                        ignore=shutil.ignore_patterns("__pycache__"))
    meta = dest_root / "exercise" / new_slug / "problem.toml"
    meta.write_text(re.sub(r"(?m)^prerequisites = .*$", "prerequisites = []", meta.read_text()))
    return dest_root


def as_printed(reports: list, root: Path) -> list:
    """`check_all`'s reports with their errors, warnings and notes as the command line prints them:
    errors carry absolute paths, and Project.shown writes those inside `root` relative to it."""
    project = Project.at(root)
    return [dataclasses.replace(report, errors=[project.shown(e) for e in report.errors],
                                warnings=[project.shown(w) for w in report.warnings],
                                notes=[project.shown_text(n) for n in report.notes]) for report in reports]


# Set by tests/conftest.py for the whole run (every xdist worker): the check cache that
# throwaway projects share.
SHARED_CHECK_CACHE = "EXERCISEKIT_TEST_CHECK_CACHE"
# Set likewise: a folder for the whole run, where `repository_wheel` keeps the one wheel.
SHARED_RUN_FOLDER = "EXERCISEKIT_TEST_RUN_FOLDER"


def repository_wheel(fallback: Path) -> Path:
    """This checkout's wheel (`pip wheel --no-deps`), built once per test run and shared by
    every xdist worker: a build costs about 20 s, most of it pip making its isolated build
    environment. Kept in the run's folder ($EXERCISEKIT_TEST_RUN_FOLDER, else `fallback`);
    a lock file makes a second worker wait for the first one's build instead of repeating it."""
    folder = Path(os.environ.get(SHARED_RUN_FOLDER) or fallback) / "wheel"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(folder.glob("exercisekit-*.whl")):
            done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"pip wheel {ROOT} failed:\n{done.stdout}\n{done.stderr}"
        (wheel,) = folder.glob("exercisekit-*.whl")
    return wheel


def link_build_inputs(project: Path) -> Path:
    """Let a throwaway project build a site: share the real templates, node_modules and downloads,
    and the test run's check cache. That cache is keyed by a fingerprint of every file a result
    depends on (check/cache.py), so an unchanged copy of a problem is checked once per run
    and a copy a test changes is checked afresh."""
    links = {name: ROOT / name for name in ("web", "node_modules", "vendor.toml")}
    links[".cache/vendor"] = ROOT / ".cache" / "vendor"
    if os.environ.get(SHARED_CHECK_CACHE):
        links[".cache/check"] = Path(os.environ[SHARED_CHECK_CACHE])
    (project / ".cache").mkdir(exist_ok=True)
    for name, target in links.items():
        if not (project / name).is_symlink():
            (project / name).symlink_to(target)
    return project


def write_problem(root: Path, slug: str, *, tests: str, names: dict[str, str], reference: str,
                  wrong: dict[str, str] | None = None, starter: str | None = None, function: str | None = None,
                  probes: str | None = None, extra_files: dict[str, str] | None = None) -> Path:
    """Write a small, complete problem from literal sources (the tests import `slug`).

    `wrong` maps a known-wrong solution's name to its code (a docstring is added);
    `extra_files` are more files for hidden_tests/SLUG/.
    """
    function = function or slug
    (root / "exercise" / slug).mkdir(parents=True)
    (root / "solutions" / slug / "wrong").mkdir(parents=True)
    (root / "hidden_tests" / slug).mkdir(parents=True)
    table = "\n".join(f'"{key}" = "{name}"' for key, name in names.items())
    (root / "exercise" / slug / "problem.toml").write_text(
        f'title = "{slug}"\ndifficulty = "Easy"\nfunction = "{function}"\n\n[tests]\n{table}\n')
    (root / "exercise" / slug / "statement.md").write_text(f"Write `{function}`.\n\n## Example\n\nSee the tests.\n")
    (root / "exercise" / slug / "starter.py").write_text(
        starter or f"def {function}(*args, **kwargs):\n    raise NotImplementedError\n")
    (root / "solutions" / slug / "reference.py").write_text(reference)
    for name, code in (wrong or {}).items():
        (root / "solutions" / slug / "wrong" / f"{name}.py").write_text(
            f'"""The mistake called {name}.\n\nExplanation: {name}.\n\nHint: avoid {name}.\n"""\n{code}')
    (root / "hidden_tests" / slug / f"test_{slug}.py").write_text(tests)
    if probes:
        (root / "hidden_tests" / slug / "probes.py").write_text(probes)
    for relative_path, text in (extra_files or {}).items():
        path = root / "hidden_tests" / slug / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
