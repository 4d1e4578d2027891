"""Hidden tests for `logreg_objective`. The expected values are computed here with plain
loops; the last test fits scikit-learn's LogisticRegression and minimises the learner's
objective with scipy, which must land on the same coefficients."""
import math

import numpy as np
from logreg_objective import logreg_objective
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression


def expected_loss(w, b, X, y, C):
    total = 0.5 * sum(v * v for v in w)
    for row, label in zip(X.tolist(), y.tolist()):
        z = sum(a * v for a, v in zip(row, w)) + b
        m = -(2 * label - 1) * z
        total += C * (m + math.log1p(math.exp(-m)) if m > 0 else math.log1p(math.exp(m)))
    return total


def unpack(result):
    assert isinstance(result, tuple) and len(result) == 3, \
        f"expected a tuple (loss, grad_w, grad_b), got {type(result).__name__} {result!r:.80}"
    loss, grad_w, grad_b = result
    return float(loss), np.asarray(grad_w, dtype=float), float(grad_b)


def random_case(seed, n=12, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.5).astype(float)
    return rng.normal(size=d), float(rng.normal()), X, y, 0.8


def test_worked_example():
    loss, grad_w, grad_b = unpack(logreg_objective(np.array([0.5, -0.25]), 0.1, np.array([[1.0, 2.0], [0.0, -1.0]]),
                                                   np.array([1.0, 0.0]), 1.0))
    assert math.isclose(loss, 1.684028815, rel_tol=1e-6), f"loss: expected 1.684029, got {loss:.6f}"
    assert np.allclose(grad_w, [0.02497919, -1.7866592], atol=1e-6), f"grad_w: expected [0.024979, -1.786659], got {grad_w}"
    assert math.isclose(grad_b, 0.111596766, rel_tol=1e-6), f"grad_b: expected 0.111597, got {grad_b:.6f}"


def test_matches_the_formula():
    for seed in (1, 2, 3):
        w, b, X, y, C = random_case(seed)
        loss, _, _ = unpack(logreg_objective(w, b, X, y, C))
        want = expected_loss(w, b, X, y, C)
        assert math.isclose(loss, want, rel_tol=1e-6), f"seed {seed}: expected loss {want:.6f}, got {loss:.6f}"


def test_gradient_matches_finite_differences():
    w, b, X, y, C = random_case(4)
    _, grad_w, grad_b = unpack(logreg_objective(w, b, X, y, C))
    h = 1e-6
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        numeric = (expected_loss(w + step, b, X, y, C) - expected_loss(w - step, b, X, y, C)) / (2 * h)
        assert math.isclose(grad_w[j], numeric, rel_tol=1e-5, abs_tol=1e-6), \
            f"grad_w[{j}]: the loss changes at rate {numeric:.6f}, your gradient says {grad_w[j]:.6f}"
    numeric_b = (expected_loss(w, b + h, X, y, C) - expected_loss(w, b - h, X, y, C)) / (2 * h)
    assert math.isclose(grad_b, numeric_b, rel_tol=1e-5, abs_tol=1e-6), \
        f"grad_b: the loss changes at rate {numeric_b:.6f}, your derivative says {grad_b:.6f}"


def test_large_margins_stay_finite():
    X = np.array([[900.0, 0.0], [0.0, 1.0]])
    w, y = np.array([1.0, -1.0]), np.array([0.0, 1.0])
    loss, grad_w, grad_b = unpack(logreg_objective(w, 0.0, X, y, 1.0))
    want = expected_loss(w, 0.0, X, y, 1.0)
    assert math.isfinite(loss), f"a margin of 900 must give a finite loss (about 900), got {loss}"
    assert math.isclose(loss, want, rel_tol=1e-6), f"expected loss {want:.6f}, got {loss:.6f}"
    assert np.all(np.isfinite(grad_w)) and math.isfinite(grad_b), "the gradient must stay finite"


def test_minimiser_is_scikit_learns():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(40, 2)) + np.array([0.5, -0.3])
    y = (X @ np.array([1.5, -2.0]) + 0.4 + rng.normal(scale=1.0, size=40) > 0).astype(float)
    C = 0.5
    model = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)

    def objective(params):
        loss, grad_w, grad_b = unpack(logreg_objective(params[:2], float(params[2]), X, y, C))
        return loss, np.append(grad_w, grad_b)

    found = minimize(objective, np.zeros(3), jac=True, method="L-BFGS-B", options={"gtol": 1e-10, "maxiter": 1000})
    want = np.append(model.coef_[0], model.intercept_[0])
    assert np.allclose(found.x, want, atol=1e-4), \
        f"minimising your objective gives w, b = {np.round(found.x, 4)}; scikit-learn fits {np.round(want, 4)}"
