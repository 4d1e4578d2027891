"""Throwaway project trees for tests: copies of real problems, sharing the build inputs."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

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


def link_build_inputs(project: Path) -> Path:
    """Let a throwaway project build a site: share the real templates, node_modules and downloads."""
    for name in ("web", "node_modules", "vendor.toml"):
        (project / name).symlink_to(ROOT / name)
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "vendor").symlink_to(ROOT / ".cache" / "vendor")
    return project
