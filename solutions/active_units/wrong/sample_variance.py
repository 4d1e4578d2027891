"""Divides by N - 1 (np.cov's or ddof=1's sample variance) instead of N.

Explanation: Your activity is larger than the variance of the means by a factor N / (N - 1):
np.cov and np.var(..., ddof=1) estimate a population's variance from a sample. Here the
activity is the variance over exactly these N examples, dividing by N, so that the same data
listed twice gives the same activity.
Hint: use np.var(mu, axis=0), whose default is ddof=0.
"""
import numpy as np


def active_units(mu, logvar, threshold=0.01):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl_per_dim = np.mean(0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar), axis=0)
    activity = np.var(mu, axis=0, ddof=1) if mu.shape[0] > 1 else np.zeros(mu.shape[1])
    return kl_per_dim, activity, int(np.count_nonzero(activity > threshold))
