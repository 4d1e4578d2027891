"""Squares mu in place (mu **= 2), changing the caller's array.

Explanation: Your KL is right, but afterwards the caller's `mu` holds mu^2: `mu **= 2` (or
np.square(mu, out=mu)) writes into the input instead of making a new array. The encoder's
means are then wrong for everything that uses them after the loss, the sample z included.
Hint: use mu**2 in the expression; it builds a new array.
"""
import numpy as np


def kl_diag_gaussian(mu, logvar):
    mu **= 2
    return 0.5 * np.sum(np.exp(logvar) + mu - 1.0 - logvar, axis=1)
