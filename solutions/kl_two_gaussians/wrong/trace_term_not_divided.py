"""Leaves the variance term as sigma_q^2, without dividing by the prior's variance.

Explanation: Your KL keeps the term sigma_q^2 of the KL to N(0, I). Against a general prior
that term (the trace term, tr(Sigma_p^-1 Sigma_q)) is the ratio sigma_q^2 / sigma_p^2: with
sigma_p^2 = 1 both agree, which is why the standard case still passes.
Hint: write the ratio as np.exp(logvar_q - logvar_p).
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    gap = mu_q - mu_p
    with np.errstate(over="ignore", invalid="ignore"):
        mean_term = np.where(gap == 0.0, 0.0, gap**2 * np.exp(-logvar_p))
    per_dim = logvar_p - logvar_q + np.exp(logvar_q) + mean_term - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
