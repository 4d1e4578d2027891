"""Hidden tests for `bernoulli_elbo_loss`. Expected values are computed here, independently."""
import math

import numpy as np
from bernoulli_elbo_loss import bernoulli_elbo_loss

EPS = 1e-7


def expected_loss(x, x_recon, mu, logvar):
    """The negative ELBO with plain Python loops and the documented clipping."""
    total = 0.0
    for xi, ri, mi, li in zip(x.tolist(), x_recon.tolist(), mu.tolist(), logvar.tolist()):
        recon = 0.0
        for target, prob in zip(xi, ri):
            p = min(max(prob, EPS), 1 - EPS)
            recon -= target * math.log(p) + (1 - target) * math.log(1 - p)
        kl = -0.5 * sum(1 + lv - m * m - math.exp(lv) for m, lv in zip(mi, li))
        total += recon + kl
    return total / len(x)


def assert_close(got, want, what):
    assert isinstance(got, (float, np.floating)), f"{what}: expected a float, got {type(got).__name__}"
    assert math.isfinite(got), f"{what}: expected a finite loss ({want:.6g}), got {got}"
    assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9), f"{what}: expected {want:.7g}, got {got:.7g}"


def test_half_probabilities():
    got = bernoulli_elbo_loss(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]), np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, 2 * math.log(2), "x = [1, 0], p = [0.5, 0.5], prior posterior")


def test_confident_and_right_is_almost_free():
    x = np.array([[1.0, 0.0, 1.0, 0.0]])
    got = bernoulli_elbo_loss(x, x.copy(), np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, -4 * math.log(1 - EPS), "p equal to x (exact 0s and 1s), clipped at 1e-7")


def test_confident_and_wrong_is_finite():
    x = np.array([[1.0, 0.0]])
    got = bernoulli_elbo_loss(x, 1 - x, np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, -2 * math.log(EPS), "p = 1 - x (certain and wrong), clipped at 1e-7")


def test_soft_targets():
    # Targets strictly between 0 and 1 weight both logs: x log p + (1 - x) log(1 - p).
    x, x_recon = np.array([[0.3, 0.8]]), np.array([[0.6, 0.5]])
    want = -(0.3 * math.log(0.6) + 0.7 * math.log(0.4)) - (0.8 * math.log(0.5) + 0.2 * math.log(0.5))
    got = bernoulli_elbo_loss(x, x_recon, np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, want, "targets 0.3 and 0.8 predicted 0.6 and 0.5")
    # A soft target with a saturated prediction: both clipped logs count.
    got = bernoulli_elbo_loss(np.array([[0.3]]), np.array([[0.0]]), np.zeros((1, 1)), np.zeros((1, 1)))
    want = -(0.3 * math.log(EPS) + 0.7 * math.log(1 - EPS))
    assert_close(got, want, "target 0.3 predicted exactly 0 (clipped to 1e-7): 0.3 * -log(1e-7)")


def test_kl_term_is_added():
    x = np.array([[1.0, 0.0]])
    got = bernoulli_elbo_loss(x, np.array([[0.5, 0.5]]), np.ones((1, 2)), np.zeros((1, 2)))
    assert_close(got, 2 * math.log(2) + 1.0, "p = 0.5 with mu = [1, 1], logvar = 0 (KL = 1)")


def test_random_batch_matches_formula():
    rng = np.random.default_rng(8)
    x = (rng.random((5, 6)) < 0.5).astype(float)
    x_recon = rng.random((5, 6))
    x_recon[0, :2] = [0.0, 1.0]
    mu, logvar = rng.normal(size=(5, 3)), rng.normal(scale=0.5, size=(5, 3))
    got = bernoulli_elbo_loss(x, x_recon, mu, logvar)
    assert_close(got, expected_loss(x, x_recon, mu, logvar), "seeded random batch with some exact 0 and 1")


def test_loss_is_batch_mean():
    x = np.array([[1.0, 1.0], [1.0, 1.0]])
    x_recon = np.array([[0.5, 0.5], [0.25, 0.25]])
    zeros = np.zeros((2, 2))
    want = (2 * math.log(2) + 2 * math.log(4)) / 2
    assert_close(bernoulli_elbo_loss(x, x_recon, zeros, zeros), want, "two examples costing 2 log 2 and 2 log 4")


def test_returns_python_float():
    got = bernoulli_elbo_loss(np.ones((2, 2)), np.full((2, 2), 0.3), np.zeros((2, 1)), np.zeros((2, 1)))
    assert type(got) in (float, np.float64), f"expected a plain float, got {type(got).__name__}; use float(...)"


def test_inputs_not_modified():
    rng = np.random.default_rng(6)
    arrays = [(rng.random((3, 4)) < 0.5).astype(float), rng.random((3, 4)), rng.normal(size=(3, 2)),
              rng.normal(size=(3, 2))]
    arrays[1][0, 0] = 0.0
    copies = [a.copy() for a in arrays]
    bernoulli_elbo_loss(*arrays)
    for name, before, after in zip(("x", "x_recon", "mu", "logvar"), copies, arrays):
        assert np.array_equal(before, after), f"the function changed its input `{name}` (clip a copy instead)"
