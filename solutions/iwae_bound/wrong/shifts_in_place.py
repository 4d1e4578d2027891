"""Subtracts the row maximum from log_w in place, changing the caller's array.

Explanation: Your bound is right, but afterwards the caller's `log_w` has every row shifted
so that its maximum is 0: `log_w -= m` writes into the input. Any later use of the
log-weights (a second bound, the gradient weights) sees the wrong values.
Hint: shifted = log_w - m builds a new array.
"""
import numpy as np


def iwae_bound(log_w):
    m = np.max(log_w, axis=1, keepdims=True)
    log_w -= m
    return float(np.mean(m[:, 0] + np.log(np.sum(np.exp(log_w), axis=1)) - np.log(log_w.shape[1])))
