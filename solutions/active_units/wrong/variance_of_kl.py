"""Takes the variance over the data of each dimension's KL instead of the variance of its means.

Explanation: Your activity is how much the KL of a dimension varies from example to example.
Activity asks whether the code *carries information about x*: whether the posterior's mean
E_q[z] moves as x changes. A dimension can have a varying KL (through its log-variance) while
its mean never moves, and then it tells the decoder nothing.
Hint: activity = np.var(mu, axis=0), the variance of the means across the examples.
"""
import numpy as np


def active_units(mu, logvar, threshold=0.01):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl = 0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar)
    activity = np.var(kl, axis=0)
    return kl.mean(axis=0), activity, int(np.count_nonzero(activity > threshold))
