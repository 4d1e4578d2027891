from pathlib import Path

import numpy as np
from gd_step import X, alpha, grad, w, w_new, y

ROWS = np.loadtxt(Path(__file__).parent / "data" / "points.csv", delimiter=",")
W0 = np.array([0.5, -1.0])   # the weights script_setup.py gives


def test_reads_the_file():
    np.testing.assert_array_equal(X, ROWS[:, :-1])
    np.testing.assert_array_equal(y, ROWS[:, -1])


def test_gradient():
    # The gradient by central differences of the loss itself, not by the closed form.
    def loss(v):
        return ((ROWS[:, :-1] @ v - ROWS[:, -1]) ** 2).mean() / 2
    eps = 1e-6
    numeric = np.array([(loss(W0 + eps * e) - loss(W0 - eps * e)) / (2 * eps) for e in np.eye(2)])
    assert np.shape(grad) == (2,)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6)


def test_step():
    np.testing.assert_allclose(w_new, W0 - alpha * np.asarray(grad), rtol=1e-12)
    # and a step of this size on this data lowers the loss
    def loss(v):
        return ((ROWS[:, :-1] @ v - ROWS[:, -1]) ** 2).mean() / 2
    assert loss(np.asarray(w_new)) < loss(W0)


def test_w_is_left_unchanged():
    np.testing.assert_array_equal(w, W0)
