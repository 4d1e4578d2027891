"""Hidden tests for `fit_exponential_decay`. The expected fit is computed here with another
method than the reference's: scipy.optimize.least_squares on the residuals, from a start of
its own."""
import math

import numpy as np
from fit_exponential_decay import fit_exponential_decay
from scipy.optimize import least_squares


def least_squares_fit(t, y):
    found = least_squares(lambda p: p[0] * np.exp(-p[1] * t) - y, x0=[1.0, 0.5], xtol=1e-14, ftol=1e-14, gtol=1e-14)
    return found.x


def unpack(result):
    assert isinstance(result, tuple) and len(result) == 2, \
        f"expected a tuple (A, k), got {type(result).__name__} {result!r:.80}"
    return float(result[0]), float(result[1])


def noisy(seed, A=3.0, k=0.7, scale=0.05, n=30):
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 5.0, n)
    return t, A * np.exp(-k * t) + rng.normal(scale=scale, size=n)


def test_worked_example():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    A, k = unpack(fit_exponential_decay(t, 2.0 * np.exp(-0.5 * t)))
    assert math.isclose(A, 2.0, rel_tol=1e-4) and math.isclose(k, 0.5, rel_tol=1e-4), \
        f"y = 2 exp(-t/2) at t = 0..3: expected (2.0, 0.5), got ({A:.4f}, {k:.4f})"


def test_exact_data_gives_its_parameters():
    t = np.linspace(0.0, 6.0, 20)
    for A_true, k_true in ((3.0, 0.7), (0.5, 1.8), (10.0, 0.2)):
        A, k = unpack(fit_exponential_decay(t, A_true * np.exp(-k_true * t)))
        assert math.isclose(A, A_true, rel_tol=1e-4) and math.isclose(k, k_true, rel_tol=1e-4), \
            f"noise-free data from A = {A_true}, k = {k_true}: got ({A:.4f}, {k:.4f})"


def test_noisy_data_least_squares():
    for seed in (1, 2):
        t, y = noisy(seed)
        A, k = unpack(fit_exponential_decay(t, y))
        want = least_squares_fit(t, y)
        assert np.allclose([A, k], want, rtol=1e-4), \
            f"noisy data (seed {seed}): the least-squares fit of y is {np.round(want, 4)}, got ({A:.4f}, {k:.4f})"


def test_values_below_zero():
    t, y = noisy(5, A=1.0, k=1.5, scale=0.05)
    assert np.any(y <= 0), "the test data should contain values at or below zero"
    A, k = unpack(fit_exponential_decay(t, y))
    want = least_squares_fit(t, y)
    assert math.isfinite(A) and math.isfinite(k), f"data with values <= 0 must still give finite numbers, got ({A}, {k})"
    assert np.allclose([A, k], want, rtol=1e-4), f"expected {np.round(want, 4)}, got ({A:.4f}, {k:.4f})"


def test_returns_two_floats():
    t = np.linspace(0.0, 3.0, 10)
    result = fit_exponential_decay(t, 1.5 * np.exp(-t))
    unpack(result)
    assert all(isinstance(v, (float, np.floating)) for v in result), \
        f"expected two floats, got {[type(v).__name__ for v in result]}"
