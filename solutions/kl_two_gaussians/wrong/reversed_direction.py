"""Computes KL(p || q) instead of KL(q || p): the two Gaussians are swapped.

Explanation: Your values are those of the KL from the prior to the posterior. The KL is
not symmetric: KL(q || p) measures q's mass where p has little, and the VAE's loss needs
the posterior q first. In the worked example you get 3.125 instead of 1.625.
Hint: the prior's variance divides, and the log term is logvar_p - logvar_q.
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    gap = mu_p - mu_q
    with np.errstate(over="ignore", invalid="ignore"):
        mean_term = np.where(gap == 0.0, 0.0, gap**2 * np.exp(-logvar_q))
    per_dim = logvar_q - logvar_p + np.exp(logvar_p - logvar_q) + mean_term - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
