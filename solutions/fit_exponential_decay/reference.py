import numpy as np
from scipy.optimize import curve_fit


def decay(t, A, k):
    return A * np.exp(-k * t)


def fit_exponential_decay(t, y):
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    start = (float(np.max(y)), 1.0 / float(t[-1] - t[0]))
    (A, k), _ = curve_fit(decay, t, y, p0=start, maxfev=10_000)
    return float(A), float(k)
