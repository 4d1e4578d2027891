"""Hidden tests for `reparameterize`. Expected values are computed here, independently."""
import math

import numpy as np
from reparameterize import reparameterize


def expected(mu, logvar, eps):
    return [[m + math.sqrt(math.exp(lv)) * e for m, lv, e in zip(*rows)]
            for rows in zip(mu.tolist(), logvar.tolist(), eps.tolist())]


def assert_close(got, want, what):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape, f"{what}: expected shape {want.shape}, got {got.shape}"
    assert np.allclose(got, want, rtol=1e-6, atol=1e-9), f"{what}: expected {np.round(want, 5).tolist()}, got {np.round(got, 5).tolist()}"


def test_worked_example():
    got = reparameterize(np.array([[1.0]]), np.array([[math.log(4.0)]]), np.array([[0.5]]))
    assert_close(got, [[2.0]], "mu = 1, sigma^2 = 4, eps = 0.5")


def test_zero_noise_gives_the_mean():
    mu = np.array([[0.5, -1.0], [2.0, 3.0]])
    got = reparameterize(mu, np.array([[1.0, -2.0], [0.3, 0.0]]), np.zeros((2, 2)))
    assert_close(got, mu, "eps = 0")


def test_unit_variance_adds_the_noise():
    mu, eps = np.array([[0.5, -1.0, 2.0]]), np.array([[1.5, 0.25, -2.0]])
    assert_close(reparameterize(mu, np.zeros((1, 3)), eps), mu + eps, "logvar = 0 (sigma = 1)")


def test_random_batch_matches_formula():
    rng = np.random.default_rng(4)
    mu, logvar, eps = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    assert_close(reparameterize(mu, logvar, eps), expected(mu, logvar, eps), "seeded random batch (5, 3)")


def test_samples_have_the_right_spread():
    rng = np.random.default_rng(9)
    n = 20000
    mu, logvar = np.full((n, 1), 3.0), np.full((n, 1), math.log(0.25))
    z = np.asarray(reparameterize(mu, logvar, rng.standard_normal((n, 1))), dtype=float)
    assert abs(z.mean() - 3.0) < 0.02, f"mean of 20000 samples with mu = 3: expected about 3, got {z.mean():.3f}"
    assert abs(z.std() - 0.5) < 0.02, f"std of 20000 samples with sigma^2 = 0.25: expected about 0.5, got {z.std():.3f}"


def test_keeps_the_shape():
    got = reparameterize(np.zeros((4, 6)), np.zeros((4, 6)), np.ones((4, 6)))
    assert isinstance(got, np.ndarray), f"expected a numpy array, got {type(got).__name__}"
    assert got.shape == (4, 6), f"inputs of shape (4, 6): expected output shape (4, 6), got {got.shape}"


def test_inputs_not_modified():
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=(3, 2)) for _ in range(3)]
    copies = [a.copy() for a in arrays]
    reparameterize(*arrays)
    for name, before, after in zip(("mu", "logvar", "eps"), copies, arrays):
        assert np.array_equal(before, after), f"the function changed its input `{name}`"
