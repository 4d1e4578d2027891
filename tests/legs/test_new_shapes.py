"""Issue 31: `new --script` and `new --example NAME` give the hard shapes a start. Each shape
(a script with given names, a script reading a data file, a class, sweeps, points) is a
complete problem that `check` accepts unedited, in both legs (CPython and Pyodide)."""
from __future__ import annotations

import re

import pytest

from exercisekit.authoring.scaffold import SHAPES, new_problem
from exercisekit.check import run_check
from exercisekit.cli import main
from exercisekit.errors import ProblemError


@pytest.mark.parametrize("args, shape", [(["--script"], "script"), (["--example", "data"], "data"),
                                         (["--example", "class"], "class"), (["--example", "sweeps"], "sweeps"),
                                         (["--example", "points"], "points")])
def test_each_shape_passes_check_unedited_in_both_legs(tmp_path, capsys, args, shape):
    assert main(["--root", str(tmp_path), "new", "my_problem", *args]) == 0
    printed = capsys.readouterr().out
    assert "exercise/my_problem/problem.toml" in printed
    lines: list[str] = []
    assert run_check(tmp_path, out=lines.append, verbose=True) == 0, "\n".join(lines)
    text = "\n".join(lines)
    assert "NOT CAUGHT" not in text and "1 of 1 problems ok" in text
    problem_toml = (tmp_path / "exercise" / "my_problem" / "problem.toml").read_text()
    assert "__SLUG__" not in problem_toml and "__TITLE__" not in problem_toml
    assert (tmp_path / "hidden_tests" / "my_problem" / "test_my_problem.py").is_file()
    if shape in ("script", "data"):
        assert 'kind = "script"' in problem_toml
    if shape == "data":
        assert (tmp_path / "hidden_tests" / "my_problem" / "data" / "measurements.csv").is_file()
    if shape == "points":
        assert re.search(r"points = 3", problem_toml)
    if shape == "sweeps":
        assert "def sweeps" in (tmp_path / "hidden_tests" / "my_problem" / "probes.py").read_text()


def test_an_unknown_shape_lists_the_known_ones(tmp_path):
    with pytest.raises(ProblemError) as info:
        new_problem(tmp_path, "p", "clas")
    assert "no example called `clas`" in info.value.message and all(name in info.value.fix for name in SHAPES)
    assert not (tmp_path / "exercise").exists()
