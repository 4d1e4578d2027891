"""Hidden tests for `active_units`. Expected values come from plain Python loops (two-pass
variance with math.fsum), never from the function under test."""
import math

import numpy as np
import pytest
from active_units import active_units


def loop_diagnostics(mu, logvar, threshold=0.01):
    """kl_per_dim, activity and n_active, one dimension at a time."""
    mu, logvar = np.asarray(mu, dtype=float).tolist(), np.asarray(logvar, dtype=float).tolist()
    n, k = len(mu), len(mu[0])
    kl, activity = [], []
    for j in range(k):
        col, lcol = [row[j] for row in mu], [row[j] for row in logvar]
        kl.append(math.fsum(0.5 * (math.exp(lv) + m * m - 1.0 - lv) for m, lv in zip(col, lcol)) / n)
        mean = math.fsum(col) / n
        activity.append(math.fsum((m - mean) ** 2 for m in col) / n)
    return kl, activity, sum(a > threshold for a in activity)


def unpack(result):
    assert isinstance(result, tuple) and len(result) == 3, (
        f"expected a tuple (kl_per_dim, activity, n_active), got {type(result).__name__}")
    kl, activity, n_active = result
    return np.asarray(kl, dtype=float), np.asarray(activity, dtype=float), n_active


def assert_close(got, want, what, rtol=1e-6):
    want = np.asarray(want, dtype=float)
    assert got.shape == want.shape, f"{what}: expected shape {want.shape}, got {got.shape}"
    assert np.allclose(got, want, rtol=rtol, atol=1e-10), f"{what}: expected {np.round(want, 6)}, got {np.round(got, 6)}"


def check_against_loops(mu, logvar, what, threshold=0.01, rtol=1e-6):
    kl, activity, n_active = unpack(active_units(mu, logvar, threshold=threshold))
    want_kl, want_activity, want_n = loop_diagnostics(mu, logvar, threshold)
    assert_close(kl, want_kl, f"{what}: kl_per_dim", rtol)
    assert_close(activity, want_activity, f"{what}: activity", rtol)
    assert n_active == want_n, f"{what}: expected {want_n} active units, got {n_active}"


def test_worked_example():
    mu = np.array([[1.0, 0.0, 0.05], [-1.0, 0.0, -0.05]])
    kl, activity, n_active = unpack(active_units(mu, np.zeros((2, 3))))
    assert_close(kl, [0.5, 0.0, 0.00125], "worked example, kl_per_dim")
    assert_close(activity, [1.0, 0.0, 0.0025], "worked example, activity")
    assert n_active == 1, f"worked example: only dimension 0 (activity 1) is above 0.01; got {n_active} active"


def test_collapsed_dimension_is_inactive():
    rng = np.random.default_rng(1)
    mu, logvar = rng.normal(size=(10, 2)), rng.normal(scale=0.3, size=(10, 2))
    mu[:, 1], logvar[:, 1] = 0.0, 0.0          # dimension 1 returns the prior for every x
    kl, activity, n_active = unpack(active_units(mu, logvar))
    assert abs(kl[1]) < 1e-12 and abs(activity[1]) < 1e-12, (
        f"dimension 1 is the prior N(0, 1) for every example: expected KL 0 and activity 0, got {kl[1]} and {activity[1]}")
    assert n_active == 1, f"dimension 0 varies, dimension 1 has collapsed: expected 1 active, got {n_active}"


def test_posterior_variance_is_not_activity():
    mu = np.full((6, 1), 0.7)
    logvar = np.full((6, 1), math.log(9.0))   # a wide posterior, but its mean never moves
    kl, activity, n_active = unpack(active_units(mu, logvar))
    assert_close(activity, [0.0], "mean 0.7 for every example, sigma^2 = 9: activity")
    assert n_active == 0, f"the means never move, so no information about x: expected 0 active, got {n_active}"
    assert_close(kl, [0.5 * (9.0 + 0.49 - 1.0 - math.log(9.0))], "the same dimension's KL")


def test_activity_is_variance_across_data():
    mu = np.array([[0.0, 1.0], [1.0, 1.0], [2.0, 4.0], [3.0, 2.0]])
    _, activity, _ = unpack(active_units(mu, np.zeros((4, 2))))
    # Column 0: mean 1.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / 4 = 1.25.
    # Column 1: mean 2, squared deviations 1 + 1 + 4 + 0 = 6, / 4 = 1.5.
    assert_close(activity, [1.25, 1.5], "four examples, activity = variance of each column dividing by N = 4")


@pytest.mark.parametrize("threshold", [0.25, 1.0])
def test_threshold_is_strict(threshold):
    s = math.sqrt(threshold)                   # means +-s: variance exactly s^2 = threshold
    mu = np.array([[s, 2.0], [-s, -2.0], [s, 2.0], [-s, -2.0]])
    _, activity, n_active = unpack(active_units(mu, np.zeros((4, 2)), threshold=threshold))
    assert_close(activity, [threshold, 4.0], f"means +-{s:g} and +-2")
    assert n_active == 1, (f"threshold {threshold}: dimension 0's activity is exactly the threshold, which is not above it; "
                           f"expected 1 active, got {n_active}")


def test_repeating_the_data_changes_nothing():
    rng = np.random.default_rng(5)
    mu, logvar = rng.normal(size=(5, 3)), rng.normal(scale=0.5, size=(5, 3))
    once = unpack(active_units(mu, logvar))
    twice = unpack(active_units(np.tile(mu, (2, 1)), np.tile(logvar, (2, 1))))
    assert_close(twice[0], once[0], "the same 5 examples listed twice: kl_per_dim")
    assert_close(twice[1], once[1], "the same 5 examples listed twice: activity")
    assert twice[2] == once[2], f"the same data twice: {once[2]} active once, {twice[2]} twice"


def test_kl_per_dim_sums_to_the_mean_kl():
    rng = np.random.default_rng(6)
    mu, logvar = rng.normal(size=(7, 4)), rng.normal(scale=0.8, size=(7, 4))
    kl, _, _ = unpack(active_units(mu, logvar))
    rows = [0.5 * sum(math.exp(lv) + m * m - 1.0 - lv for m, lv in zip(mr, lr)) for mr, lr in zip(mu.tolist(), logvar.tolist())]
    want = math.fsum(rows) / len(rows)
    assert math.isclose(float(np.sum(kl)), want, rel_tol=1e-9), (
        f"the per-dimension KLs should add up to the batch-mean KL {want:.6f}; they add up to {float(np.sum(kl)):.6f}")


def test_collapse_scenario():
    rng = np.random.default_rng(7)
    n = 200
    mu = rng.normal(size=(n, 5)) * np.array([1.0, 0.0, 0.5, 0.0, 2.0])
    mu[:, 3] += 0.001 * rng.normal(size=n)     # dimension 3 barely moves: activity ~1e-6
    logvar = np.log(np.array([0.1, 1.0, 0.3, 1.0, 0.05])) + 0.05 * rng.normal(size=(n, 5))
    logvar[:, 1] = 0.0
    check_against_loops(mu, logvar, "200 examples, dimensions 1 and 3 collapsed")
    assert unpack(active_units(mu, logvar))[2] == 3, "dimensions 0, 2 and 4 carry information: expected 3 active"


def test_varying_logvar_with_fixed_means_is_inactive():
    logvar = np.linspace(-2.0, 2.0, 8).reshape(8, 1)
    mu = np.full((8, 1), 0.5)
    check_against_loops(mu, logvar, "fixed mean 0.5, log-variance from -2 to 2")


def test_single_example():
    kl, activity, n_active = unpack(active_units(np.array([[3.0, -1.0]]), np.array([[0.5, -0.5]])))
    assert_close(activity, [0.0, 0.0], "a single example: activity")
    assert n_active == 0, f"a single example: nothing varies, expected 0 active, got {n_active}"
    assert_close(kl, [0.5 * (math.exp(0.5) + 9.0 - 1.0 - 0.5), 0.5 * (math.exp(-0.5) + 1.0 - 1.0 + 0.5)], "a single example: kl_per_dim")


def test_types_and_shapes():
    rng = np.random.default_rng(9)
    result = active_units(rng.normal(size=(6, 3)), rng.normal(size=(6, 3)))
    assert isinstance(result, tuple) and len(result) == 3, f"expected a tuple of three, got {type(result).__name__}"
    kl, activity, n_active = result
    for name, value in (("kl_per_dim", kl), ("activity", activity)):
        assert isinstance(value, np.ndarray) and value.shape == (3,), (
            f"{name}: 6 examples of 3 dimensions need a numpy array of shape (3,), got {type(value).__name__} "
            f"of shape {np.shape(value)}")
    assert type(n_active) is int, f"n_active should be a Python int, got {type(n_active).__name__}; use int(...)"


def test_float32_inputs():
    rng = np.random.default_rng(10)
    mu, logvar = rng.normal(size=(8, 3)).astype(np.float32), rng.normal(scale=0.5, size=(8, 3)).astype(np.float32)
    check_against_loops(mu, logvar, "float32 inputs", rtol=1e-4)


def test_inputs_not_modified():
    rng = np.random.default_rng(11)
    mu, logvar = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    before = mu.copy(), logvar.copy()
    active_units(mu, logvar)
    assert np.array_equal(mu, before[0]) and np.array_equal(logvar, before[1]), "the function changed its inputs"
