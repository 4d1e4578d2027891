"""Counts a dimension as active when its activity equals the threshold (>= instead of >).

Explanation: Your count includes a dimension whose activity is exactly the threshold. The
criterion (Burda et al., 2016) is strict: active when the activity is *above* it.
Hint: compare with activity > threshold.
"""
import numpy as np


def active_units(mu, logvar, threshold=0.01):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl_per_dim = np.mean(0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar), axis=0)
    activity = np.var(mu, axis=0)
    return kl_per_dim, activity, int(np.count_nonzero(activity >= threshold))
