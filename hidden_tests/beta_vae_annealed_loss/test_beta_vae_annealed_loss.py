"""Hidden tests for `beta_vae_annealed_loss`. Expected values are computed here, independently."""
import math

import numpy as np
from beta_vae_annealed_loss import beta_vae_annealed_loss

# recon = 4 and KL = 1 for this example, so the loss is 4 + beta.
X, X_RECON = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0]])
MU, LOGVAR = np.ones((1, 2)), np.zeros((1, 2))


def expected(x, x_recon, mu, logvar, beta):
    total = 0.0
    for xi, ri, mi, li in zip(x.tolist(), x_recon.tolist(), mu.tolist(), logvar.tolist()):
        recon = sum((a - b) ** 2 for a, b in zip(xi, ri))
        kl = -0.5 * sum(1 + lv - m * m - math.exp(lv) for m, lv in zip(mi, li))
        total += recon + beta * kl
    return total / len(x)


def assert_close(got, want, what):
    assert isinstance(got, (float, np.floating)), f"{what}: expected a float, got {type(got).__name__}"
    assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9), f"{what}: expected {want:.6g}, got {got:.6g}"


def test_step_zero_is_reconstruction_only():
    assert_close(beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, 0, 100, 4.0), 4.0,
                 "step 0 of 100 (recon 4, KL 1): beta = 0")


def test_halfway_uses_half_beta():
    assert_close(beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, 50, 100, 4.0), 6.0,
                 "step 50 of 100, beta_max 4 (recon 4, KL 1): beta = 2")


def test_after_warmup_beta_stays_at_max():
    for step in (100, 101, 250):
        assert_close(beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, step, 100, 4.0), 8.0,
                     f"step {step} with 100 warm-up steps, beta_max 4: beta = 4")


def test_no_warmup_means_full_beta():
    for step in (0, 1, 40):
        assert_close(beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, step, 0, 3.0), 7.0,
                     f"warmup_steps = 0, beta_max 3, step {step} (recon 4, KL 1): beta = 3 from step 0")


def test_zero_beta_max():
    # The other end of beta_max >= 0: no KL at all, at every step.
    for step, warmup in ((0, 10), (5, 10), (30, 10), (0, 0)):
        assert_close(beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, step, warmup, 0.0), 4.0,
                     f"beta_max = 0, step {step} of warm-up {warmup} (recon 4, KL 1): beta = 0")


def test_beta_weights_only_the_kl():
    zeros = np.zeros((1, 2))
    assert_close(beta_vae_annealed_loss(X, X_RECON, zeros, zeros, 100, 100, 5.0), 4.0,
                 "KL = 0 (prior posterior), beta 5: the reconstruction (4) must not be scaled")


def test_random_batch_matches_formula():
    rng = np.random.default_rng(12)
    x, x_recon = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    mu, logvar = rng.normal(size=(4, 3)), rng.normal(scale=0.5, size=(4, 3))
    for step, warmup, beta_max in ((30, 120, 2.5), (7, 10, 0.5), (1, 3, 1.5)):
        beta = beta_max * min(1.0, step / warmup)
        assert_close(beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup, beta_max),
                     expected(x, x_recon, mu, logvar, beta), f"seeded batch, step {step}/{warmup}, beta_max {beta_max}")


def test_returns_python_float():
    got = beta_vae_annealed_loss(X, X_RECON, MU, LOGVAR, 10, 100, 1.0)
    assert type(got) in (float, np.float64), f"expected a plain float, got {type(got).__name__}; use float(...)"
