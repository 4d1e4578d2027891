"""Hidden tests for `kl_diag_gaussian`. Expected values are computed here, independently."""
import math

import numpy as np
from kl_diag_gaussian import kl_diag_gaussian


def expected_kl(mu, logvar):
    """Per-row KL with plain Python loops."""
    return [0.5 * sum(math.exp(lv) + m * m - 1.0 - lv for m, lv in zip(mrow, lrow))
            for mrow, lrow in zip(mu.tolist(), logvar.tolist())]


def assert_rows_close(got, want, what):
    got = np.asarray(got, dtype=float)
    assert got.shape == (len(want),), f"{what}: expected an array of shape ({len(want)},), got shape {got.shape}"
    assert np.allclose(got, want, rtol=1e-6, atol=1e-9), f"{what}: expected {np.round(want, 6)}, got {np.round(got, 6)}"


def test_worked_example():
    got = kl_diag_gaussian(np.array([[2.0, 0.0]]), np.log(np.array([[0.25, 4.0]])))
    assert_rows_close(got, [3.125], "mu = (2, 0), sigma^2 = (0.25, 4)")


def test_prior_gives_zero():
    got = kl_diag_gaussian(np.zeros((3, 4)), np.zeros((3, 4)))
    assert_rows_close(got, [0.0, 0.0, 0.0], "mu = 0, logvar = 0 on 3 rows")


def test_one_value_per_row():
    rng = np.random.default_rng(1)
    mu, logvar = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    got = kl_diag_gaussian(mu, logvar)
    assert isinstance(got, np.ndarray), f"expected a numpy array, got {type(got).__name__}"
    assert got.shape == (5,), f"5 rows of 3 latent dims: expected shape (5,), got {got.shape}"


def test_random_batch_matches_formula():
    rng = np.random.default_rng(7)
    mu, logvar = rng.normal(size=(6, 4)), rng.normal(scale=0.8, size=(6, 4))
    assert_rows_close(kl_diag_gaussian(mu, logvar), expected_kl(mu, logvar), "seeded random batch (6, 4)")


def test_non_negative():
    rng = np.random.default_rng(3)
    for trial in range(10):
        mu, logvar = 3 * rng.normal(size=(4, 2)), 2 * rng.normal(size=(4, 2))
        got = np.asarray(kl_diag_gaussian(mu, logvar), dtype=float)
        assert np.all(got >= 0), f"trial {trial}: KL must be >= 0, got {np.round(got, 4)}"
        assert_rows_close(got, expected_kl(mu, logvar), f"trial {trial}")


def test_inputs_not_modified():
    rng = np.random.default_rng(5)
    mu, logvar = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    before = mu.copy(), logvar.copy()
    kl_diag_gaussian(mu, logvar)
    assert np.array_equal(mu, before[0]) and np.array_equal(logvar, before[1]), "the function changed its inputs"
