"""Uses the posterior's own variance, exp(logvar), as the activity.

Explanation: Your activity is the average of sigma^2, each example's uncertainty about its
code. That is backwards: a collapsed dimension has sigma^2 = 1 for every x (the posterior is
the prior), so it looks very active. Activity is the spread of the posterior's *means*
across the data, Var_x(mu(x)).
Hint: activity = np.var(mu, axis=0); logvar only enters the KL.
"""
import numpy as np


def active_units(mu, logvar, threshold=0.01):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl_per_dim = np.mean(0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar), axis=0)
    activity = np.mean(np.exp(logvar), axis=0)
    return kl_per_dim, activity, int(np.count_nonzero(activity > threshold))
