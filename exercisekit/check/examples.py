"""A statement's Example, checked against the reference in both legs of `check`.

Two forms of an Example's code block can be run (AUTHORING.md, "The Example is checked"):

- doctest lines, `>>> expr` (with `... ` continuation lines) followed by the output lines
  the expression gives; `>>>` lines without output are statements run before the next one;
- for a function problem, a block of `name = value` assignments (several on a line are
  fine) with `result = VALUE`, VALUE a literal (`result = f(x)` states nothing): the function is called with the other names as keyword
  arguments (lists become numpy arrays, `log 4` becomes `np.log(4)`, as in Try it).

Each stated output becomes a snippet that both legs run as a `try` job (the page's Try
it) against the reference, and what it gives is compared with what the statement says:
numbers within a tolerance, lists, tuples and dicts element by element, anything else
as text. An Example in neither form (prose, code without stated output) is not checked;
`check` says so in a note.
"""
from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

from ..problems.example import example_blocks
from ..problems.model import Problem
from ..problems.statements import example_values

PROMPT, CONTINUATION = ">>>", "..."
# The note for an Example check cannot read: not an error, prose examples are fine.
UNREADABLE = "Example: not in a form check can run (see AUTHORING.md)"
# numpy arrays and scalars become plain lists and numbers before their repr is taken, so that
# the value compares with what a statement writes (`[3.125]`, not `array([3.125])`).
PLAIN = '''import numpy as np


def __example_plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return tuple(__example_plain(item) for item in value)
    if isinstance(value, list):
        return [__example_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: __example_plain(item) for key, item in value.items()}
    return value


'''


@dataclass(frozen=True)
class ExampleCase:
    """One stated output of an Example: where it is, what runs, what it should give."""

    line: int        # 1-based, in statement.md: the `>>>` line or the `result =` line
    shown: str       # the expression as the statement writes it (`result` for an assignment block)
    snippet: str     # run as a `try` against the reference: its last line is the value
    expected: str    # the stated output, as written
    value_line: int = 0   # 1-based line of the stated output (a doctest's output line); 0: `line`

    @property
    def stated_at(self) -> int:
        """The line a wrong stated value is reported at: where the value is written."""
        return self.value_line or self.line

    @property
    def label(self) -> str:
        """The target label of its runs (RunKey(leg, label))."""
        return f"example:{self.line}"


def _prompted(line: str, prompt: str) -> str | None:
    """The source after a doctest prompt (`>>> ` or `... `), or None on another line."""
    stripped = line.strip()
    if stripped == prompt:
        return ""
    return line.lstrip()[len(prompt) + 1:] if line.lstrip().startswith(prompt + " ") else None


def _is_expression(source: str) -> bool:
    try:
        ast.parse(source, mode="eval")
    except SyntaxError:
        return False
    return True


def doctest_cases(first: int, lines: list[str]) -> list[ExampleCase]:
    """The `>>> expr` lines of a block that are followed by output lines."""
    cases = []
    before: list[str] = []
    index = 0
    while index < len(lines):
        source = _prompted(lines[index], PROMPT)
        if source is None:
            index += 1
            continue
        at = first + index + 1
        statement = [source]
        index += 1
        while index < len(lines) and (more := _prompted(lines[index], CONTINUATION)) is not None:
            statement.append(more)
            index += 1
        output = []
        output_at = first + index + 1
        while index < len(lines) and lines[index].strip() and _prompted(lines[index], PROMPT) is None:
            output.append(lines[index].strip())
            index += 1
        expression = "\n".join(statement)
        if output and _is_expression(expression):
            snippet = PLAIN + "\n".join(before) + f"\n__example_plain((\n{expression}\n))\n"
            cases.append(ExampleCase(at, " ".join(s.strip() for s in statement), snippet, "\n".join(output),
                                     output_at))
        before += statement
    return cases


def assignment_case(problem: Problem, first: int, lines: list[str]) -> ExampleCase | None:
    """A block of `name = value` lines with `result = VALUE`, for a function problem."""
    values = example_values(lines)
    if problem.kind == "script" or "result" not in values:
        return None
    expected, at = values.pop("result")
    arguments = [f"{name}=np.array({value})" if value.startswith("[") else f"{name}={value}"
                 for name, (value, _) in values.items()]
    snippet = PLAIN + f"__example_plain({problem.function}({', '.join(arguments)}))\n"
    if not is_stated_value(expected):
        return None   # `result = kernel_function(x1, x2)`: code that computes it, not a value
    try:
        compile(snippet, "<example>", "exec")
    except SyntaxError:
        return None
    return ExampleCase(first + at + 1, "result", snippet, expected)


def is_stated_value(text: str) -> bool:
    """Whether `result = TEXT` states a value: only a literal does (`literal` reads it).
    Code such as `kernel_function(x1, x2)`, as Deep-ML writes its examples with the value
    stated elsewhere, computes the result and is no stated value."""
    try:
        literal(text)
    except ValueError:
        return False
    return True


def example_cases(problem: Problem) -> list[ExampleCase] | None:
    """Every stated output of the problem's Example that `check` can run; an empty list for
    an Example in no form it can read, None for a statement without an Example section."""
    found_blocks = example_blocks(problem.statement)   # the one reader of the section (problems/example.py)
    if found_blocks is None:
        return None
    blocks = [(block.first, list(block.lines)) for block in found_blocks]
    cases = [case for first, lines in blocks for case in doctest_cases(first, lines)]
    if cases:
        return cases
    for first, lines in blocks:
        found = assignment_case(problem, first, lines)
        if found:
            return [found]
    return []


def example_notes(problem: Problem) -> list[str]:
    """The note for an Example `check` cannot run (none when it can, or has no Example)."""
    cases = example_cases(problem)
    return [f"{problem.statement_path}: {UNREADABLE}"] if cases == [] else []


# --- comparing a stated output with the value the reference gave -----------------------

NON_FINITE = {"nan": math.nan, "inf": math.inf}
SCALAR_TYPES = re.compile(r"^(float|int|uint|complex|bool)\d*_?$")


def literal(text: str) -> Any:
    """The value a stated output or a repr writes: Python literals, `nan` and `inf` (bare,
    `np.nan`, `float("nan")`), and numpy's own reprs (`array([1., 2.])`, `np.float64(3.0)`)
    as plain lists and numbers. Tuples become lists: `(1, 2)` and `[1, 2]` compare alike.
    Raises ValueError for anything else."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(text) from exc
    return _value(tree.body)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy", "math"):
        return node.attr
    return None


def _value(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and not isinstance(node.value, bytes):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _value(node.operand)
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(item) for item in node.elts]
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {_value(key): _value(item) for key, item in zip(node.keys, node.values) if key is not None}
    name = _name(node)
    if name in NON_FINITE:
        return NON_FINITE[name]
    if isinstance(node, ast.Call) and len(node.args) == 1:
        called = _name(node.func)
        if called == "float" and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            return float(node.args[0].value)   # float("nan"), float("-inf")
        if called in ("array", "asarray") or (called and SCALAR_TYPES.match(called)):
            return _value(node.args[0])   # numpy's repr: dtype= and other keywords say nothing of the value
    raise ValueError(ast.unparse(node))


def same(expected: Any, actual: Any, tolerance: float) -> bool:
    """Do two literal values agree: numbers within `tolerance` (relative and absolute; NaN
    equals NaN, an infinity itself), containers element by element, the rest exactly."""
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(actual, numbers):
        if math.isnan(expected) or math.isnan(actual):
            return math.isnan(expected) and math.isnan(actual)
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a, tolerance) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k], tolerance) for k in expected)
    return bool(expected == actual)


def agrees(expected_text: str, actual_repr: str, tolerance: float) -> bool:
    """Does a stated output agree with the repr the reference's value gave? As values when
    both read as literals, else as text (whitespace at the ends aside)."""
    try:
        return same(literal(expected_text), literal(actual_repr), tolerance)
    except ValueError:
        return expected_text.strip() == actual_repr.strip()


# A stated output is rounded by its author: at least this tolerance, whatever the problem's.
LEAST_TOLERANCE = 1e-6
