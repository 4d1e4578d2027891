"""Hidden tests for `gaussian_nll`. Expected values are computed here with plain Python
loops and `math` (an oracle independent of numpy), or worked out by hand."""
import math

import numpy as np
import pytest
from gaussian_nll import gaussian_nll

LOG_2PI = math.log(2.0 * math.pi)


def expected_nll(x, mu, logvar):
    """Per example: 1/2 * sum over features of (log 2 pi + logvar + (x - mu)^2 / exp(logvar));
    then the mean over examples."""
    per_example = []
    for xi, mi, li in zip(np.asarray(x, dtype=np.float64).tolist(), np.asarray(mu, dtype=np.float64).tolist(),
                          np.asarray(logvar, dtype=np.float64).tolist()):
        terms = [0.5 * (LOG_2PI + lv + (a - m) ** 2 / math.exp(lv)) for a, m, lv in zip(xi, mi, li)]
        per_example.append(math.fsum(terms))
    return math.fsum(per_example) / len(per_example)


def assert_close(got, want, what, rel=1e-6):
    single = isinstance(got, (float, np.floating)) or isinstance(got, np.ndarray) and got.ndim == 0
    assert single, f"{what}: expected a single number, got {type(got).__name__} of shape {np.shape(got)}"
    got = float(got)
    assert math.isclose(got, want, rel_tol=rel, abs_tol=1e-9), f"{what}: expected {want:.10g}, got {got:.10g}"


def random_batch(seed, n, d, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, d)), rng.normal(scale=scale, size=(n, d)))


def test_standard_normal_at_its_mean():
    zeros = np.zeros((1, 3))
    got = gaussian_nll(zeros, zeros.copy(), zeros.copy())
    assert_close(got, 1.5 * LOG_2PI,
                 "x = mu = 0, logvar = 0, d = 3: each feature gives log(2 pi)/2 = 0.9189385, so 3 of them")


def test_worked_example():
    got = gaussian_nll(np.array([[1.0, 2.0]]), np.zeros((1, 2)), np.array([[0.0, math.log(4.0)]]))
    want = 0.5 * (LOG_2PI + 0.0 + 1.0) + 0.5 * (LOG_2PI + math.log(4.0) + 4.0 / 4.0)
    assert_close(got, want, "x = [[1, 2]], mu = [[0, 0]], logvar = [[0, log 4]] (1.4189385 + 2.1120857)")


def test_log_variance_is_exponentiated():
    # One feature, error 3, variance 9 (logvar = log 9): 0.5 * (log 2 pi + log 9 + 9 / 9).
    got = gaussian_nll(np.array([[3.0]]), np.array([[0.0]]), np.array([[math.log(9.0)]]))
    assert_close(got, 0.5 * (LOG_2PI + math.log(9.0) + 1.0),
                 "x - mu = 3, logvar = log 9 (variance 9, so (x - mu)^2 / variance = 1)")
    # Variance 0.25: the squared error 1 is divided by 0.25, i.e. multiplied by 4.
    got = gaussian_nll(np.array([[1.0]]), np.array([[0.0]]), np.array([[math.log(0.25)]]))
    assert_close(got, 0.5 * (LOG_2PI + math.log(0.25) + 4.0),
                 "x - mu = 1, logvar = log 0.25 (variance 0.25, so (x - mu)^2 / variance = 4)")


def test_summed_over_features():
    x, mu, logvar = np.array([[0.5]]), np.array([[-0.25]]), np.array([[0.7]])
    one = 0.5 * (LOG_2PI + 0.7 + 0.75**2 / math.exp(0.7))
    for d in (1, 4):
        got = gaussian_nll(np.repeat(x, d, 1), np.repeat(mu, d, 1), np.repeat(logvar, d, 1))
        assert_close(got, d * one, f"{d} identical features of NLL {one:.7g} each: the example's NLL is their sum")


def test_batch_mean():
    # Example NLLs: with logvar = 0 each is log(2 pi)/2 + error^2 / 2, here with errors 1 and 3.
    x = np.array([[1.0], [3.0]])
    got = gaussian_nll(x, np.zeros((2, 1)), np.zeros((2, 1)))
    want = 0.5 * LOG_2PI + (0.5 + 4.5) / 2
    assert_close(got, want, "two examples with NLL log(2 pi)/2 + 0.5 and log(2 pi)/2 + 4.5: their mean")
    x, mu, logvar = random_batch(3, 1, 4)
    single = float(gaussian_nll(x, mu, logvar))
    doubled = gaussian_nll(np.repeat(x, 3, 0), np.repeat(mu, 3, 0), np.repeat(logvar, 3, 0))
    assert_close(doubled, single, "the same example three times must give the NLL of one example")


@pytest.mark.parametrize("n,d", [(1, 1), (1, 6), (5, 3), (32, 10)])
def test_random_batch_matches_formula(n, d):
    x, mu, logvar = random_batch(100 + 7 * n + d, n, d)
    assert_close(gaussian_nll(x, mu, logvar), expected_nll(x, mu, logvar), f"seeded random batch N={n}, d={d}")


def test_best_variance_is_the_squared_error():
    # For an error r = 3 the NLL, as a function of logvar, is smallest at logvar = log(r^2) = log 9.
    x, mu = np.array([[3.0]]), np.array([[0.0]])
    best = float(gaussian_nll(x, mu, np.array([[math.log(9.0)]])))
    for step in (-0.2, 0.2):
        other = float(gaussian_nll(x, mu, np.array([[math.log(9.0) + step]])))
        assert best < other, (
            f"error 3: the NLL at the ideal variance 9 ({best:.7g}) should be below the NLL at "
            f"logvar = log 9 {step:+} ({other:.7g})")


@pytest.mark.parametrize("level", [-50.0, 50.0])
def test_extreme_log_variance(level):
    # With logvar = -50 the variance is 2e-22: errors of 1e-11 already cost about 26 nats.
    x = np.array([[1.0, 1.0, -2.0], [0.0, 5.0, 1e3]])
    mu = x + np.array([[0.0, 1e-11, -3e-11], [2e-11, 0.0, 1e-11]]) * (1.0 if level < 0 else 1e11)
    logvar = np.full((2, 3), level)
    assert_close(gaussian_nll(x, mu, logvar), expected_nll(x, mu, logvar), f"logvar = {level:g} everywhere")


def test_tiny_variance_with_visible_errors():
    # logvar = -50 (the stated end) with errors of 1e-9: (x - mu)^2 / sigma^2 is about 5000, so
    # the density exp(-2600) underflows to 0, while the NLL (about 2600 per feature) is ordinary.
    x = np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -0.25]])
    mu = x + np.array([[1e-9, -2e-9, 1.5e-9], [-1e-9, 3e-9, 1e-9]])
    logvar = np.full((2, 3), -50.0)
    got = gaussian_nll(x, mu, logvar)
    want = expected_nll(x, mu, logvar)
    assert math.isfinite(float(got)), (
        f"logvar = -50 with errors of 1e-9: expected the finite NLL {want:.10g}, got {float(got)}; "
        f"the density underflows to 0 here, so work with its log directly")
    assert_close(got, want, "logvar = -50 with errors of 1e-9")


def test_small_variance_gives_negative_nll():
    x = np.array([[0.5, -1.0]])
    got = gaussian_nll(x, x.copy(), np.full((1, 2), -4.0))
    want = 2 * 0.5 * (LOG_2PI - 4.0)
    assert float(got) < 0, (
        f"x == mu with variance exp(-4): the density is above 1, so the NLL must be negative "
        f"({want:.7g}), got {float(got):.7g}")
    assert_close(got, want, "x == mu, logvar = -4 on 2 features")


def test_float32_input():
    x, mu, logvar = (a.astype(np.float32) for a in random_batch(21, 8, 6, scale=2.0))
    got = gaussian_nll(x, mu, logvar)
    assert isinstance(got, float), f"float32 inputs: expected a Python float, got {type(got).__name__}"
    assert_close(got, expected_nll(x, mu, logvar), "float32 inputs (N=8, d=6)", rel=1e-5)


def test_returns_python_float():
    got = gaussian_nll(*random_batch(5, 2, 3))
    assert type(got) in (float, np.float64), (
        f"expected a plain float, got {type(got).__name__}; convert the result with float(...)")


def test_inputs_not_modified():
    arrays = random_batch(9, 3, 4)
    copies = [a.copy() for a in arrays]
    gaussian_nll(*arrays)
    for name, before, after in zip(("x", "mu", "logvar"), copies, arrays):
        assert np.array_equal(before, after), f"gaussian_nll changed its input `{name}`"
