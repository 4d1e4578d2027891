"""Shared fixtures: throwaway copies of real problems to break in tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def copy_problem(dest_root: Path, slug: str, new_slug: str | None = None) -> Path:
    """Copy a shipped problem's three folders into `dest_root`, optionally under another slug."""
    new_slug = new_slug or slug
    for tree in ("exercise", "solutions", "hidden_tests"):
        shutil.copytree(ROOT / tree / slug, dest_root / tree / new_slug,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return dest_root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root holding a copy of `vae_elbo_loss` only."""
    return copy_problem(tmp_path, "vae_elbo_loss")
