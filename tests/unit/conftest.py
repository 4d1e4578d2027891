"""The unit tier starts no process: a test that needs one belongs in tests/legs or tests/site."""
from __future__ import annotations

import subprocess

import pytest


@pytest.fixture(autouse=True)
def no_subprocess(monkeypatch):
    """Refuse every subprocess (Node, Python, a build's tools), so the tier stays fast and pure."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a unit test started a process ({args[0] if args else kwargs}): move it to "
                             "tests/legs or tests/site")
    monkeypatch.setattr(subprocess, "Popen", refuse)
