"""Hidden tests for `__SLUG__`. REPLACE them with tests of your problem. Their points are in
problem.toml's [tests]."""
import math

import numpy as np
from __SLUG__ import __SLUG__


def test_known_value():
    got = __SLUG__(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    assert math.isclose(float(got), 4 / 3, rel_tol=1e-9), f"y_true = [1, 2, 3], y_pred = [1, 2, 5]: expected 4/3, got {got}"


def test_random_input_matches_formula():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=9), rng.normal(size=9)
    want = float(np.mean((y_true - y_pred) ** 2))
    got = __SLUG__(y_true, y_pred)
    assert math.isclose(float(got), want, rel_tol=1e-6), f"seeded random input: expected {want:.6g}, got {got}"


def test_returns_python_float():
    got = __SLUG__(np.array([0.0, 1.0]), np.array([0.0, 0.0]))
    assert type(got) in (float, np.float64), f"expected a plain float, got {type(got).__name__}"
