"""Sums over the batch (axis 0) instead of over the latent dimensions.

Explanation: Your result has one value per latent dimension, not one per example: it looks
like the sum runs over axis=0, the rows, where the formula sums over j, the columns.
Hint: each row of mu is one example; sum over its k dimensions with np.sum(..., axis=1).
"""
import numpy as np


def kl_diag_gaussian(mu, logvar):
    return 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=0)
