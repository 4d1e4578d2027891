"""Shared fixtures: throwaway copies of real problems to break in tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import copy_problem, link_build_inputs


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root holding a copy of `vae_elbo_loss` only, able to build and run its Pyodide leg."""
    return link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
