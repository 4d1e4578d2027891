"""`build_site.py new`: a fresh problem passes `check` with no edits; bad slugs are refused."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from projects import ROOT

from exercisekit.authoring.scaffold import new_problem
from exercisekit.check import run_check
from exercisekit.errors import ProblemError


def test_new_problem_passes_check_unedited(tmp_path):
    created = new_problem(tmp_path, "my_problem")
    assert "exercise/my_problem/problem.toml" in {str(p) for p in created}
    lines: list[str] = []
    assert run_check(tmp_path, out=lines.append, pyodide=False, verbose=True) == 0, "\n".join(lines)
    text = "\n".join(lines)
    assert re.search(r"reference +3/3 +passed$", text, re.M), text
    assert "wrong/mean_instead_of_sum" in text and "NOT CAUGHT" not in text


def test_new_refuses_existing_slug(tmp_path):
    new_problem(tmp_path, "my_problem")
    with pytest.raises(ProblemError, match="already exists"):
        new_problem(tmp_path, "My_Problem")


@pytest.mark.parametrize("slug, reason", [("2fast", "not a valid Python module name"),
                                          ("my-problem", "not a valid Python module name"),
                                          ("class", "not a valid Python module name"),
                                          ("numpy", "would shadow the module `numpy`"),
                                          ("json", "would shadow the module `json`")])
def test_new_refuses_bad_slugs(tmp_path, slug, reason):
    with pytest.raises(ProblemError, match=reason):
        new_problem(tmp_path, slug)
    assert not (tmp_path / "exercise").exists()


def test_cli_new_reports_refusal(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "new", "vae_elbo_loss"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "a problem called `vae_elbo_loss` already exists" in done.stderr
