"""Printed-output checks (exercisekit/runtime/printed.py): numbers within the tolerance,
white space ignored, and the same verdict whether numpy prints in its 2.x style or in 1.x
style (numpy's own `legacy="1.25"` print option)."""
from __future__ import annotations

import numpy as np
import pytest

from exercisekit.runtime.printed import assert_printed, printed_by, printed_difference, tokens


def report(values):
    """A notebook-style cell: prints an array, a list of numpy scalars and a flag."""
    print("weights:", values)
    print("first two:", [values[0], values[1]], "max:", values.max())
    print("converged:", values.max() > 0)


VALUES = np.array([0.1, 1 / 3, 2.0])
EXPECTED_NUMPY1 = """weights: [0.1        0.33333333 2.        ]
first two: [0.1, 0.3333333333333333] max: 2.0
converged: True"""


@pytest.mark.parametrize("legacy", [False, "1.25"])
def test_the_same_verdict_under_numpy_2_and_numpy_1_printing(legacy):
    with np.printoptions(legacy=legacy):
        _, text = printed_by(report, VALUES)
    if legacy is False:   # numpy 2 writes the scalars in a list as np.float64(...)
        assert "np.float64(0.1)" in text
    assert printed_difference(text, EXPECTED_NUMPY1) is None
    assert_printed(text, EXPECTED_NUMPY1)
    # ...and a wrong number fails under both, naming it.
    with np.printoptions(legacy=legacy):
        _, wrong = printed_by(report, VALUES * [1, 1, 1.01])
    assert "expected 2.0, got 2.02" in printed_difference(wrong, EXPECTED_NUMPY1)


def test_numbers_within_the_tolerance_and_white_space_ignored():
    assert printed_difference("loss =  0.3333333", "loss = 0.33333333333", tolerance=1e-6) is None
    assert printed_difference("[1. 2.]", "[1.0 2.0]") is None
    assert printed_difference("loss = 0.334", "loss = 0.333", tolerance=1e-6) is not None
    assert printed_difference("loss = 0.334", "loss = 0.333", tolerance=1e-2) is None
    assert printed_difference("nan inf -inf", "nan inf -inf") is None


def test_text_counts_and_a_short_output_is_named():
    assert "expected 'loss', got 'lose'" in printed_difference("lose = 1", "loss = 1")
    assert printed_difference("a 1", "a 1 b 2") == "printed less than expected: 2 items instead of 4"
    with pytest.raises(AssertionError, match="--- expected ---\na 1 b 2\n--- printed ---\na 1"):
        assert_printed("a 1", "a 1 b 2")


def test_numpy_2_scalar_reprs_read_as_numpy_1():
    assert tokens("np.float64(0.5) np.int64(3) np.True_ np.str_('a')") == tokens("0.5 3 True 'a'")


def test_printed_by_returns_the_value_and_the_text():
    assert printed_by(lambda x: print("x is", x) or x + 1, 2) == (3, "x is 2\n")
