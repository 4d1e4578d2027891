"""Takes the variance of each example's means across the latent dimensions (axis 1) instead of across the data.

Explanation: Your activity has one value per example: the spread of one example's code over
its dimensions. Activity is one value per latent dimension, the spread of that dimension's
mean over the examples, so the reduction runs over axis 0.
Hint: np.var(mu, axis=0) gives shape (k,).
"""
import numpy as np


def active_units(mu, logvar, threshold=0.01):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl_per_dim = np.mean(0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar), axis=0)
    activity = np.var(mu, axis=1)
    return kl_per_dim, activity, int(np.count_nonzero(activity > threshold))
