"""Returns (k, A) instead of (A, k).

Explanation: Your two numbers are the right ones in the wrong order: the amplitude comes
first, then the rate.
Hint: return A, k.
"""
import numpy as np
from scipy.optimize import curve_fit


def fit_exponential_decay(t, y):
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    start = (float(np.max(y)), 1.0 / float(t[-1] - t[0]))
    (A, k), _ = curve_fit(lambda t, A, k: A * np.exp(-k * t), t, y, p0=start, maxfev=10_000)
    return float(k), float(A)
