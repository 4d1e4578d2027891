"""Hidden tests for `vae_elbo_loss`.

The code under test is imported as a module named after the problem; the runner decides
which file that module is (the reference, the starter, a known-wrong solution or the
learner's code). Every assertion carries a message: it is what the learner reads.
"""
import math

import numpy as np
from vae_elbo_loss import vae_elbo_loss


def expected_loss(x, x_recon, mu, logvar):
    """The negative ELBO written out with plain Python loops, independent of numpy."""
    total = 0.0
    for xi, ri, mi, li in zip(x.tolist(), x_recon.tolist(), mu.tolist(), logvar.tolist()):
        recon = sum((a - b) ** 2 for a, b in zip(xi, ri))
        kl = -0.5 * sum(1.0 + lv - m * m - math.exp(lv) for m, lv in zip(mi, li))
        total += recon + kl
    return total / len(x)


def assert_close(got, want, what):
    single = isinstance(got, (float, np.floating)) or isinstance(got, np.ndarray) and got.ndim == 0
    assert single, f"{what}: expected a single number, got {type(got).__name__} of shape {np.shape(got)}"
    assert math.isclose(float(got), want, rel_tol=1e-6, abs_tol=1e-9), (
        f"{what}: expected {want:.6g}, got {float(got):.6g}"
    )


def random_batch(seed, n, d, k):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(n, d)),
        rng.normal(size=(n, d)),
        rng.normal(size=(n, k)),
        rng.normal(scale=0.8, size=(n, k)),
    )


def test_perfect_reconstruction_and_prior_posterior():
    x = np.array([[1.0, 0.0]])
    got = vae_elbo_loss(x, x.copy(), np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, 0.0, "x == x_recon, mu = 0, logvar = 0")


def test_kl_for_unit_mean_two_dims():
    # Each latent dimension with mu = 1, logvar = 0 contributes 0.5; two of them give 1.
    x = np.array([[0.5, -2.0, 3.0]])
    got = vae_elbo_loss(x, x.copy(), np.ones((1, 2)), np.zeros((1, 2)))
    assert_close(got, 1.0, "perfect reconstruction, mu = [1, 1], logvar = [0, 0]")


def test_reconstruction_is_summed_squared_error():
    x = np.array([[1.0, 2.0, 3.0]])
    x_recon = np.array([[0.0, 2.0, 5.0]])
    got = vae_elbo_loss(x, x_recon, np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(got, 5.0, "errors (1, 0, -2) with a prior-matching posterior (1 + 0 + 4)")


def test_kl_is_non_negative():
    for seed in range(20):
        _, _, mu, logvar = random_batch(seed, 4, 3, 3)
        mu, logvar = 3.0 * mu, 2.0 * logvar
        x = np.zeros((4, 3))
        got = vae_elbo_loss(x, x.copy(), mu, logvar)
        assert float(got) >= 0.0, f"perfect reconstruction (seed {seed}): KL must be >= 0, got {float(got):.6g}"
        assert_close(got, expected_loss(x, x, mu, logvar), f"perfect reconstruction (seed {seed})")


def test_loss_is_batch_mean():
    x = np.array([[1.0, 2.0], [0.0, 0.0]])
    x_recon = np.array([[1.0, 0.0], [3.0, 0.0]])
    zeros = np.zeros((2, 2))
    # Example losses are 4 and 9: the mean is 6.5, the sum would be 13.
    got = vae_elbo_loss(x, x_recon, zeros, zeros)
    assert_close(got, 6.5, "two examples with losses 4 and 9")
    single = vae_elbo_loss(x[:1], x_recon[:1], zeros[:1], zeros[:1])
    doubled = vae_elbo_loss(np.repeat(x[:1], 2, 0), np.repeat(x_recon[:1], 2, 0), zeros, zeros)
    assert_close(doubled, float(single), "the same example twice gives the loss of one")


def test_random_batch_matches_formula():
    x, x_recon, mu, logvar = random_batch(7, 6, 5, 3)
    got = vae_elbo_loss(x, x_recon, mu, logvar)
    assert_close(got, expected_loss(x, x_recon, mu, logvar), "seeded random batch N=6, d=5, k=3")


def test_logvar_is_exponentiated():
    x = np.zeros((1, 1))
    logvar = np.array([[math.log(4.0), math.log(0.25)]])
    got = vae_elbo_loss(x, x.copy(), np.zeros((1, 2)), logvar)
    want = -0.5 * ((1 + math.log(4.0) - 4.0) + (1 + math.log(0.25) - 0.25))
    assert_close(got, want, "mu = 0, variances (4, 0.25)")


def test_float32_input():
    batch64 = random_batch(11, 8, 4, 2)
    batch32 = [a.astype(np.float32) for a in batch64]
    got = vae_elbo_loss(*batch32)
    want = expected_loss(*[a.astype(np.float64) for a in batch32])
    assert isinstance(got, float), f"float32 input: expected a Python float, got {type(got).__name__}"
    assert math.isclose(got, want, rel_tol=1e-5), f"float32 input: expected {want:.6g}, got {got:.6g}"


def test_returns_python_float():
    x, x_recon, mu, logvar = random_batch(3, 2, 3, 2)
    got = vae_elbo_loss(x, x_recon, mu, logvar)
    assert type(got) in (float, np.float64), (
        f"expected a plain float, got {type(got).__name__}; convert the result with float(...)"
    )


def test_inputs_not_modified():
    arrays = random_batch(5, 3, 4, 2)
    copies = [a.copy() for a in arrays]
    vae_elbo_loss(*arrays)
    for name, before, after in zip(("x", "x_recon", "mu", "logvar"), copies, arrays):
        assert np.array_equal(before, after), f"the function changed its input `{name}`"
