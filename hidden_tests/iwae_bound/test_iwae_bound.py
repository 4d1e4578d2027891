"""Hidden tests for `iwae_bound`. Expected values are computed here with math.fsum."""
import math

import numpy as np
from iwae_bound import iwae_bound


def expected(log_w):
    """Per row: max + log of the shifted sum, minus log K; then the batch mean."""
    rows = []
    for row in log_w.tolist():
        top = max(row)
        rows.append(top + math.log(math.fsum(math.exp(v - top) for v in row)) - math.log(len(row)))
    return math.fsum(rows) / len(rows)


def assert_close(got, want, what):
    assert isinstance(got, (float, np.floating)), f"{what}: expected a float, got {type(got).__name__}"
    assert math.isfinite(got), f"{what}: expected the finite value {want:.10g}, got {got}"
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), f"{what}: expected {want:.10g}, got {got:.10g}"


def test_single_sample_is_the_elbo():
    log_w = np.array([[-3.0], [1.5]])
    assert_close(iwae_bound(log_w), -0.75, "K = 1, log-weights -3 and 1.5")


def test_worked_example():
    assert_close(iwae_bound(np.array([[0.0, math.log(3.0)]])), math.log(2.0), "log w = (0, log 3)")


def test_equal_weights():
    assert_close(iwae_bound(np.full((2, 5), -7.25)), -7.25, "five equal log-weights of -7.25")


def test_large_log_weights_do_not_overflow():
    log_w = np.array([[1000.0, 1000.0 + math.log(3.0)], [999.0, 1001.0]])
    assert_close(iwae_bound(log_w), expected(log_w), "log-weights near +1000")


def test_very_negative_log_weights_do_not_underflow():
    log_w = np.array([[-1000.0, -1001.0, -1002.5], [-1200.0, -1200.0, -900.0]])
    assert_close(iwae_bound(log_w), expected(log_w), "log-weights near -1000")


def test_both_ends_in_one_row():
    # The stated range at both ends at once: the weight e^1000 dominates, the others vanish.
    log_w = np.array([[1000.0, -1000.0, 999.0], [-1000.0, -1000.0, -999.5]])
    assert_close(iwae_bound(log_w), expected(log_w), "log-weights +1000 and -1000 in one row, and a row near -1000")


def test_random_batch_matches_formula():
    log_w = np.random.default_rng(13).normal(scale=3.0, size=(6, 8))
    assert_close(iwae_bound(log_w), expected(log_w), "seeded random log-weights (6, 8)")


def test_at_least_the_elbo():
    rng = np.random.default_rng(17)
    for trial in range(5):
        log_w = rng.normal(scale=2.0, size=(3, 4))
        got, elbo = iwae_bound(log_w), float(np.mean(log_w))
        assert got >= elbo - 1e-12, f"trial {trial}: the IWAE bound {got:.6g} is below the ELBO {elbo:.6g}"
        assert_close(got, expected(log_w), f"trial {trial}")


def test_returns_python_float():
    got = iwae_bound(np.zeros((2, 3)))
    assert type(got) in (float, np.float64), f"expected a plain float, got {type(got).__name__}; use float(...)"


def test_input_not_modified():
    log_w = np.random.default_rng(19).normal(size=(3, 4))
    before = log_w.copy()
    iwae_bound(log_w)
    assert np.array_equal(log_w, before), "the function changed its input (shift a copy, not log_w in place)"
