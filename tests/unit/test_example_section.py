"""The statement's Example is read by one module (problems/example.py): validation, the Try
it snippet and `check`'s Example cases find the same section, whatever its heading's level."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import write_problem

from exercisekit.check.examples import example_cases
from exercisekit.problems.example import example_blocks, example_heading
from exercisekit.problems.statements import example_snippet
from exercisekit.problems.validate import load_all

TESTS = "from double import double\n\n\ndef test_one():\n    assert double(1) == 2\n"


def problem_with(tmp_path: Path, statement: str):
    write_problem(tmp_path, "double", tests=TESTS, names={"test_one": "One"},
                  reference="def double(x):\n    return 2 * x\n")
    (tmp_path / "exercise" / "double" / "statement.md").write_text(statement)
    problems, failures = load_all(tmp_path)
    return problems, failures


@pytest.mark.parametrize("heading", ["## Example", "### Examples", "# example", "#### Examples:"])
def test_any_heading_level_is_the_example_for_validation_try_it_and_check(tmp_path, heading):
    statement = f"Double it.\n\n{heading}\n\n```python\n>>> double(3)\n6\n```\n\n# Notes\n\n```\n>>> double(0)\n1\n```\n"
    problems, failures = problem_with(tmp_path, statement)
    assert not failures, failures
    (problem,) = problems
    assert example_snippet(problem) == "import numpy as np\n\ndouble(3)\n"
    (case,) = example_cases(problem)   # the Notes' block is not the Example's
    assert (case.line, case.shown, case.expected) == (6, "double(3)", "6")


def test_without_an_example_all_three_agree_there_is_none(tmp_path):
    statement = "Double it.\n\n```python\n# Example\n>>> double(3)\n6\n```\n"   # a comment, not a heading
    problems, failures = problem_with(tmp_path, statement)
    assert [e.message for e in failures["double"]] == ["the statement has no example"]
    assert example_heading(statement) is None and example_blocks(statement) is None


def test_the_section_ends_at_a_heading_of_its_level_or_higher_and_keeps_deeper_ones():
    statement = "## Example\n\n```\na = 1\n```\n\n### Detail\n\n```\nb = 2\n```\n\n## Next\n\n```\nc = 3\n```\n"
    blocks = example_blocks(statement)
    assert [(block.first, block.lines) for block in blocks] == [(3, ("a = 1",)), (9, ("b = 2",))]


def test_an_unclosed_fence_runs_to_the_end():
    (block,) = example_blocks("## Example\n\n```\nx = [1, 2]\nresult = 3")
    assert block.lines == ("x = [1, 2]", "result = 3") and block.text == "x = [1, 2]\nresult = 3\n"
