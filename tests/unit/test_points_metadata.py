"""Points per test in problem.toml, read on literal tables; how `check` reports them at
their line and what both legs score is in tests/legs/test_points.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from exercisekit.errors import ProblemError
from exercisekit.problems.metadata import parse_metadata

META = Path("exercise/x/problem.toml")


def test_an_entry_is_a_name_worth_1_or_a_table_with_title_and_points():
    values = parse_metadata({"title": "T", "tests": {"test_a": "A", "test_b": {"title": "B", "points": 3},
                                                     "test_c": {"title": "C", "points": 0.5},
                                                     "test_d": {"title": "D"}}}, META)
    assert values["tests"] == {"test_a": "A", "test_b": "B", "test_c": "C", "test_d": "D"}
    assert values["points"] == {"test_a": 1.0, "test_b": 3.0, "test_c": 0.5, "test_d": 1.0}
    assert list(values["tests"]) == ["test_a", "test_b", "test_c", "test_d"]   # display order kept


@pytest.mark.parametrize("entry, message, fix", [
    ({"title": "B", "points": -1}, "points = -1; points are a non-negative number", "points = 2"),
    ({"title": "B", "points": "3"}, "points = '3'; points are a non-negative number", "points = 2"),
    ({"title": "B", "points": True}, "points = True", "points = 2"),
    ({"title": "B", "points": float("nan")}, "points = nan", "points = 2"),
    ({"title": "B", "point": 2}, "unknown key `point`", "did you mean `points`?"),
    ({"points": 2}, "has no `title`", 'title = "What the learner reads"'),
])
def test_bad_points_are_errors_with_the_key_line_and_fix(entry, message, fix):
    with pytest.raises(ProblemError) as caught:
        parse_metadata({"title": "T", "tests": {"test_a": "A", "test_b": entry}}, META,
                       lambda key: 9 if key == "test_b" else None)
    assert message in caught.value.message and "`test_b`" in caught.value.message
    assert fix in caught.value.fix and caught.value.line == 9


def test_all_tests_worth_nothing_is_an_error():
    with pytest.raises(ProblemError, match="every test in \\[tests\\] has 0 points"):
        parse_metadata({"title": "T", "tests": {"test_a": {"title": "A", "points": 0}}}, META)
