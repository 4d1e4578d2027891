"""Returns the rate of the model A * exp(k * t), whose k is negative for a decay.

Explanation: Your k has the opposite sign: it looks like you fitted A * exp(k * t) and
returned its k, which is negative for decaying data.
Hint: the model is A * exp(-k * t): a decay has a positive k.
"""
import numpy as np
from scipy.optimize import curve_fit


def fit_exponential_decay(t, y):
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    start = (float(np.max(y)), -1.0 / float(t[-1] - t[0]))
    (A, k), _ = curve_fit(lambda t, A, k: A * np.exp(k * t), t, y, p0=start, maxfev=10_000)
    return float(A), float(k)
