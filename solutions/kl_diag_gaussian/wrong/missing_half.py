"""Leaves out the factor 1/2.

Explanation: Your KL values are exactly twice the right ones: the factor 1/2 in front of
the sum is missing.
Hint: multiply the sum by 0.5.
"""
import numpy as np


def kl_diag_gaussian(mu, logvar):
    return np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
