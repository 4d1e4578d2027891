"""Hidden tests for `kl_two_gaussians`. Expected values come from plain Python loops over the
per-dimension formula, written in the variance form (an independent route to the answer)."""
import math

import numpy as np
from kl_two_gaussians import kl_two_gaussians

LOG4 = math.log(4.0)


def expected_kl(mu_q, logvar_q, mu_p, logvar_p):
    """Per-row KL(q || p), one dimension at a time, from the variances themselves."""
    rows = []
    for mq, lq, mp, lp in zip(*(np.asarray(a, dtype=float).tolist() for a in (mu_q, logvar_q, mu_p, logvar_p))):
        total = 0.0
        for a, la, b, lb in zip(mq, lq, mp, lp):
            var_q, var_p = math.exp(la), math.exp(lb)
            total += 0.5 * (math.log(var_p / var_q) + (var_q + (a - b) ** 2) / var_p - 1.0)
        rows.append(total)
    return rows


def assert_rows_close(got, want, what, rtol=1e-6):
    got = np.asarray(got, dtype=float)
    assert got.shape == (len(want),), f"{what}: expected an array of shape ({len(want)},), got shape {got.shape}"
    assert np.allclose(got, want, rtol=rtol, atol=1e-9), f"{what}: expected {np.round(want, 6)}, got {np.round(got, 6)}"


def random_pair(seed, n, k):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, k)), rng.normal(scale=0.8, size=(n, k)),
            rng.normal(size=(n, k)), rng.normal(scale=0.8, size=(n, k)))


def test_worked_example():
    got = kl_two_gaussians(np.array([[2.0, 0.0]]), np.array([[0.0, LOG4]]), np.array([[0.0, 0.0]]), np.array([[LOG4, 0.0]]))
    assert_rows_close(got, [1.625], "q = N((2, 0), (1, 4)), p = N((0, 0), (4, 1)); KL(p || q) would be 3.125")


def test_standard_prior_gives_the_standard_kl():
    rng = np.random.default_rng(2)
    mu, logvar = rng.normal(size=(4, 3)), rng.normal(scale=0.7, size=(4, 3))
    want = [0.5 * sum(math.exp(lv) + m * m - 1.0 - lv for m, lv in zip(mr, lr)) for mr, lr in zip(mu.tolist(), logvar.tolist())]
    got = kl_two_gaussians(mu, logvar, np.zeros((4, 3)), np.zeros((4, 3)))
    assert_rows_close(got, want, "p = N(0, I): the KL must be 1/2 sum(sigma^2 + mu^2 - 1 - log sigma^2)")


def test_same_gaussian_gives_zero():
    mu, logvar, _, _ = random_pair(3, 5, 4)
    got = kl_two_gaussians(mu, logvar, mu.copy(), logvar.copy())
    assert_rows_close(got, [0.0] * 5, "q and p equal on 5 random rows")


def test_one_value_per_row():
    got = kl_two_gaussians(*random_pair(4, 6, 3))
    assert isinstance(got, np.ndarray), f"expected a numpy array, got {type(got).__name__}"
    assert got.shape == (6,), f"6 rows of 3 latent dims: expected shape (6,), got {got.shape}"
    assert np.issubdtype(got.dtype, np.floating), f"expected a float array, got dtype {got.dtype}"


def test_random_batch_matches_formula():
    args = random_pair(7, 6, 4)
    assert_rows_close(kl_two_gaussians(*args), expected_kl(*args), "seeded random batch (6, 4)")


def test_non_negative():
    rng = np.random.default_rng(8)
    for trial in range(10):
        args = (3 * rng.normal(size=(4, 2)), 2 * rng.normal(size=(4, 2)), 3 * rng.normal(size=(4, 2)), 2 * rng.normal(size=(4, 2)))
        got = np.asarray(kl_two_gaussians(*args), dtype=float)
        assert np.all(got >= 0), f"trial {trial}: KL must be >= 0, got {np.round(got, 4)}"
        assert_rows_close(got, expected_kl(*args), f"trial {trial}")


def test_direction_matters():
    # A narrow posterior inside a wide prior costs little; the reverse costs a lot.
    narrow, wide = np.array([[math.log(0.25)]]), np.array([[math.log(4.0)]])
    zero = np.zeros((1, 1))
    small = float(np.asarray(kl_two_gaussians(zero, narrow, zero, wide))[0])
    large = float(np.asarray(kl_two_gaussians(zero, wide, zero, narrow))[0])
    want_small = 0.5 * (math.log(16.0) + 1.0 / 16.0 - 1.0)
    want_large = 0.5 * (-math.log(16.0) + 16.0 - 1.0)
    assert math.isclose(small, want_small, rel_tol=1e-6), (
        f"q = N(0, 1/4) against p = N(0, 4): expected {want_small:.6f}, got {small:.6f}")
    assert math.isclose(large, want_large, rel_tol=1e-6), (
        f"q = N(0, 4) against p = N(0, 1/4): expected {want_large:.6f}, got {large:.6f}")


def test_invariant_under_shift_and_scale():
    mu_q, logvar_q, mu_p, logvar_p = random_pair(9, 4, 3)
    base = expected_kl(mu_q, logvar_q, mu_p, logvar_p)
    shift = np.array([5.0, -3.0, 0.5])
    assert_rows_close(kl_two_gaussians(mu_q + shift, logvar_q, mu_p + shift, logvar_p), base,
                      "both means shifted by (5, -3, 0.5)")
    s = 3.0
    assert_rows_close(kl_two_gaussians(s * mu_q, logvar_q + 2 * math.log(s), s * mu_p, logvar_p + 2 * math.log(s)), base,
                      "both Gaussians scaled by 3 (means x 3, log-variances + 2 log 3)")


def test_prior_shared_by_all_rows():
    mu_q, logvar_q, _, _ = random_pair(10, 5, 2)
    mu_p, logvar_p = np.array([0.5, -1.0]), np.array([0.3, -0.4])
    want = expected_kl(mu_q, logvar_q, np.tile(mu_p, (5, 1)), np.tile(logvar_p, (5, 1)))
    assert_rows_close(kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p), want, "prior of shape (2,) for 5 rows")


def test_extreme_log_variances():
    mu_q = np.array([[1.0, 0.0], [0.0, 0.3]])
    logvar_q = np.array([[800.0, -800.0], [-800.0, 0.0]])
    mu_p = np.array([[0.0, 0.0], [0.0, 0.0]])
    logvar_p = np.array([[800.0, -800.0], [-800.0, 0.0]])
    with np.errstate(all="ignore"):
        got = np.asarray(kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p), dtype=float)
    assert np.all(np.isfinite(got)), (
        f"equal log-variances of 800 and -800 on both sides: expected finite values, got {got}; "
        "exp(800) overflows, so compute exp(logvar_q - logvar_p) instead of a ratio of two exps")
    # Row 0: both dims have equal variances; the gap of 1 in units of e^800 is ~0. Row 1: only 0.3^2 / 2.
    assert_rows_close(got, [0.0, 0.045], "extreme but equal log-variances")


def test_float32_inputs():
    args = random_pair(12, 4, 3)
    got = kl_two_gaussians(*(a.astype(np.float32) for a in args))
    want = expected_kl(*(a.astype(np.float32) for a in args))
    assert_rows_close(got, want, "float32 inputs", rtol=1e-4)


def test_inputs_not_modified():
    args = random_pair(13, 3, 2)
    before = [a.copy() for a in args]
    kl_two_gaussians(*args)
    names = ("mu_q", "logvar_q", "mu_p", "logvar_p")
    changed = [name for name, a, b in zip(names, args, before) if not np.array_equal(a, b)]
    assert not changed, f"the function changed its inputs {changed}"
