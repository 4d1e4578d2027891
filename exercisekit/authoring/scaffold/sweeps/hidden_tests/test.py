"""Hidden tests for `__SLUG__`. REPLACE them with tests of your problem."""
import numpy as np
from __SLUG__ import __SLUG__


def test_known_values():
    got = __SLUG__(np.array([-2.0, 0.0, 3.0]))
    np.testing.assert_allclose(got, [-0.2, 0.0, 3.0], err_msg="x = [-2, 0, 3] should give [-0.2, 0, 3]")


def test_negative_side_keeps_a_slope():
    got = __SLUG__(np.array([-10.0, -1.0]), slope=0.2)
    np.testing.assert_allclose(got, [-2.0, -0.2], err_msg="with slope 0.2, x = [-10, -1] should give [-2, -0.2]")


def test_shape_is_kept():
    got = __SLUG__(np.ones((2, 3)))
    assert np.shape(got) == (2, 3), f"x of shape (2, 3) should give shape (2, 3), got {np.shape(got)}"
