"""Printed-output checks for hidden tests: compare what the learner's code printed with an
expected output, as notebook graders do, without failing on how numpy happened to print.

    from exercisekit.runtime.printed import assert_printed, printed_by

    def test_prints_the_summary():
        _, text = printed_by(summarise, data)
        assert_printed(text, EXPECTED, tolerance=1e-6)

The texts are compared as sequences of tokens: numbers (compared within `tolerance`,
relative and absolute, so `0.33333333` matches `0.3333333333333333` and `1.` matches
`1.0`), words and single punctuation marks; the amount of white space is ignored (numpy pads
array columns to the widest number). numpy 2's scalar reprs (`np.float64(0.5)`,
`np.int64(3)`, `np.True_`) read as numpy 1's (`0.5`, `3`, `True`), so an expected output
written under either prints the same verdict under both. It needs the standard library only.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

NUMBER = r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)\b"
TOKEN = re.compile(rf"(?P<number>{NUMBER})|(?P<word>[A-Za-z_]\w*)|(?P<mark>\S)")
# numpy 2 repr of a scalar -> numpy 1's: np.float64(0.5) -> 0.5, np.str_('a') -> 'a', np.True_ -> True.
NUMPY2_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|complex|longdouble|clongdouble|str_|bytes_|bool)\w*\(([^()]*)\)")
NUMPY2_BOOL = re.compile(r"\bnp\.(True|False)_")


def numpy1_style(text: str) -> str:
    """`text` with numpy 2's scalar reprs written as numpy 1 wrote them."""
    return NUMPY2_BOOL.sub(r"\1", NUMPY2_SCALAR.sub(r"\1", text))


def tokens(text: str) -> list[str | float]:
    """Numbers as floats, everything else as text; white space dropped."""
    found: list[str | float] = []
    for match in TOKEN.finditer(numpy1_style(text)):
        found.append(float(match.group("number")) if match.group("number") else match.group(0))
    return found


def _same(a: str | float, b: str | float, tolerance: float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
    return a == b


def printed_difference(actual: str, expected: str, tolerance: float = 1e-6) -> str | None:
    """None when `actual` reads as `expected` (numbers within `tolerance`); otherwise what
    differs first, for the learner."""
    got, want = tokens(actual), tokens(expected)
    for index, (a, b) in enumerate(zip(got, want)):
        if not _same(a, b, tolerance):
            return (f"printed output differs at item {index + 1}: expected {b!r}, got {a!r}"
                    + (f" (beyond the tolerance {tolerance:g})" if isinstance(a, float) and isinstance(b, float)
                       else ""))
    if len(got) != len(want):
        more = "less" if len(got) < len(want) else "more"
        return f"printed {more} than expected: {len(got)} items instead of {len(want)}"
    return None


def assert_printed(actual: str, expected: str, tolerance: float = 1e-6) -> None:
    """Fail with both outputs and the first difference unless `actual` reads as `expected`."""
    difference = printed_difference(actual, expected, tolerance)
    assert difference is None, f"{difference}\n--- expected ---\n{expected.rstrip()}\n--- printed ---\n{actual.rstrip()}"


def printed_by(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, str]:
    """Call `function` and return (its value, what it printed)."""
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        value = function(*args, **kwargs)
    return value, buffer.getvalue()
