"""Hidden tests for `__SLUG__`. REPLACE them with tests of your problem.

The code under test is imported as the module `__SLUG__`: the runner decides which file that
is (reference, starter, known-wrong solution or the learner's code). Every assertion
carries a message, because the message is all the learner sees.
"""
import math

import numpy as np
from __SLUG__ import __SLUG__


def expected(x):
    return sum(float(v) ** 2 for v in x)


def test_known_value():
    got = __SLUG__(np.array([1.0, 2.0, 2.0]))
    assert math.isclose(float(got), 9.0), f"x = [1, 2, 2]: expected 9, got {got}"


def test_random_input_matches_formula():
    x = np.random.default_rng(0).normal(size=7)
    got = __SLUG__(x)
    assert math.isclose(float(got), expected(x), rel_tol=1e-6), f"seeded random x: expected {expected(x):.6g}, got {got}"


def test_returns_python_float():
    got = __SLUG__(np.array([3.0, 4.0]))
    assert type(got) in (float, np.float64), f"expected a plain float, got {type(got).__name__}"
