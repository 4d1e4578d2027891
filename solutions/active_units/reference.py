import numpy as np


def active_units(mu, logvar, threshold=0.01):
    """Per-dimension KL (averaged over the data) and Burda et al.'s activity, Var_x(E_q[z]).

    np.var subtracts the mean before squaring, so the activity stays accurate when the
    means sit far from 0 (E[mu^2] - E[mu]^2 would cancel).
    """
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    kl_per_dim = np.mean(0.5 * (np.exp(logvar) + mu**2 - 1.0 - logvar), axis=0)
    activity = np.var(mu, axis=0)
    n_active = int(np.count_nonzero(activity > threshold))
    return kl_per_dim, activity, n_active
