"""problem.toml is parsed from one declarative table of fields: strict, with helpful errors."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from projects import ROOT, write_problem

from exercisekit.errors import ProblemError
from exercisekit.problems.metadata import fields_table, parse_metadata
from exercisekit.problems.validate import load_all, top_level_names

META = Path("exercise/x/problem.toml")


def test_defaults_fill_in_what_is_not_given():
    values = parse_metadata({"title": "T", "tests": {"test_a": "A"}}, META)
    assert values["difficulty"] == "Medium" and values["time_limit"] == 10.0 and values["tags"] == ()
    assert values["slow_test_ms"] == 500.0 and values["starter_passes"] == () and values["show_solution"] is False


@pytest.mark.parametrize("key, suggestion", [("dificulty", "difficulty"), ("show_soluton", "show_solution"),
                                             ("time-limit", "time_limit"), ("prerequisite", "prerequisites")])
def test_a_misspelt_key_is_an_error_that_suggests_the_right_one(key, suggestion):
    with pytest.raises(ProblemError) as caught:
        parse_metadata({"title": "T", "tests": {}, key: "x"}, META, lambda k: 7 if k == key else None)
    assert caught.value.message == f"unknown metadata key `{key}`"
    assert caught.value.fix == f"did you mean `{suggestion}`?" and caught.value.line == 7


def test_wrong_types_and_values_are_errors():
    with pytest.raises(ProblemError, match="`time_limit` should be float, got str"):
        parse_metadata({"title": "T", "tests": {}, "time_limit": "10"}, META)
    with pytest.raises(ProblemError, match="unknown difficulty 'easy'"):
        parse_metadata({"title": "T", "tests": {}, "difficulty": "easy"}, META)
    with pytest.raises(ProblemError, match="`hints` should be a list of strings"):
        parse_metadata({"title": "T", "tests": {}, "hints": [1]}, META)
    with pytest.raises(ProblemError, match="metadata has no `title`"):
        parse_metadata({"tests": {}}, META)


def test_authoring_md_shows_exactly_the_declared_fields():
    text = (ROOT / "AUTHORING.md").read_text()
    assert fields_table() in text, "regenerate the table: python -m exercisekit.problems.metadata"


def test_a_misspelt_key_in_a_real_file_names_its_line(tmp_path):
    write_problem(tmp_path, "p", tests="from p import p\n\ndef test_a():\n    assert p() == 1\n",
                  names={"test_a": "A"}, reference="def p():\n    return 1\n")
    meta = tmp_path / "exercise" / "p" / "problem.toml"
    meta.write_text(meta.read_text().replace('difficulty = "Easy"', 'dificulty = "Easy"'))
    _, failures = load_all(tmp_path)
    [error] = failures["p"]
    assert error.line == 2 and "did you mean `difficulty`?" in error.fix


def test_the_validator_sees_every_top_level_name_however_bound():
    source = '''
NORTH, EAST = range(2)
[first, (second, *rest)] = 1, (2, 3, 4)
if True:
    IN_IF = 1
else:
    IN_ELSE = 2
try:
    import numpy as np
except ImportError as missing:
    FALLBACK = 0
for index in range(3):
    pass
with open(__file__) as handle:
    pass
(walrus := 5)
def setter():
    global DECLARED
    DECLARED = 1
class Running:
    pass
annotated: int = 3
'''
    assert top_level_names(ast.parse(source)) == {
        "NORTH", "EAST", "first", "second", "rest", "IN_IF", "IN_ELSE", "np", "missing", "FALLBACK", "index",
        "handle", "walrus", "setter", "DECLARED", "Running", "annotated"}
    assert "*" in top_level_names(ast.parse("from numpy import *\n"))


def test_the_solution_after_the_hints_needs_hints(tmp_path):
    from projects import copy_problem

    from exercisekit.problems.model import ProblemTrees, load_problem

    copy_problem(tmp_path, "kl_diag_gaussian")
    meta = tmp_path / "exercise" / "kl_diag_gaussian" / "problem.toml"
    assert load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian").solution_after_hints is True
    text = meta.read_text()
    meta.write_text(text[:text.index("hints = [")] + "hints = []\n\n" + text[text.index("[tests]"):])
    with pytest.raises(ProblemError, match="no hints") as caught:
        load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian")
    assert caught.value.line == text.splitlines().index("solution_after_hints = true") + 1
    assert "show_solution = true" in caught.value.fix


def test_a_script_problem_may_show_its_given_code_and_only_a_script_problem(tmp_path):
    from projects import copy_problem

    from exercisekit.problems.model import ProblemTrees, load_problem

    copy_problem(tmp_path, "gd_step")
    problem = load_problem(ProblemTrees(tmp_path), "gd_step")
    assert problem.given_before.splitlines()[-2:] == ["w = np.array([0.5, -1.0])", "alpha = 0.1"]
    assert problem.given_after == ""
    (tmp_path / "hidden_tests" / "gd_step" / "script_setup.py").unlink()
    with pytest.raises(ProblemError, match="no script_setup.py or script_trailing.py") as caught:
        load_problem(ProblemTrees(tmp_path), "gd_step")
    meta = (tmp_path / "exercise" / "gd_step" / "problem.toml").read_text()
    assert caught.value.line == meta.splitlines().index("show_given_code = true") + 1

    copy_problem(tmp_path, "kl_diag_gaussian")
    path = tmp_path / "exercise" / "kl_diag_gaussian" / "problem.toml"
    text = path.read_text()
    path.write_text(text.replace("[tests]", "show_given_code = true\n\n[tests]", 1))
    # A function problem shows given_code.py (issue 32), and must have one to show.
    with pytest.raises(ProblemError, match="no given_code.py to show") as caught:
        load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian")
    assert "hidden_tests/kl_diag_gaussian/given_code.py" in caught.value.fix
    assert load_problem(ProblemTrees(ROOT), "kl_diag_gaussian").given_before == ""
