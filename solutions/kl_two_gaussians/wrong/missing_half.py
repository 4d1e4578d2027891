"""Leaves out the factor 1/2.

Explanation: Your KL values are exactly twice the right ones: the factor 1/2 in front of the
sum over dimensions is missing.
Hint: multiply the sum by 0.5.
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    gap = mu_q - mu_p
    with np.errstate(over="ignore", invalid="ignore"):
        mean_term = np.where(gap == 0.0, 0.0, gap**2 * np.exp(-logvar_p))
    return np.sum(logvar_p - logvar_q + np.exp(logvar_q - logvar_p) + mean_term - 1.0, axis=1)
