import numpy as np
from scipy.optimize import curve_fit


def fit_exponential_decay(t, y):
    """Least-squares fit of y ~ A * exp(-k * t).

    Args:
        t: array of shape (n,), the times (increasing).
        y: array of shape (n,), the measurements (noisy, possibly
            negative near zero).

    Returns:
        (A, k): two floats minimising
            sum((A * exp(-k * t) - y) ** 2).
    """
    # Your code here.
    raise NotImplementedError("not written yet")
