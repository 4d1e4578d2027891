"""Shifts by the maximum but never adds it back.

Explanation: Your values do not grow with the log-weights: after subtracting the row maximum
m inside the exponent, m must be added back outside the log.
Hint: log sum exp(a) = m + log sum exp(a - m).
"""
import numpy as np


def iwae_bound(log_w):
    m = np.max(log_w, axis=1, keepdims=True)
    return float(np.mean(np.log(np.mean(np.exp(log_w - m), axis=1))))
