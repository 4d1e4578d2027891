"""Shared fixtures: throwaway copies of real problems to break in tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from projects import copy_problem


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root holding a copy of `vae_elbo_loss` only."""
    return copy_problem(tmp_path, "vae_elbo_loss")
