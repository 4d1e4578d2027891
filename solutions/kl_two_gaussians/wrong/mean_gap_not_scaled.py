"""Adds the squared mean gap (mu_q - mu_p)^2 without dividing it by the prior's variance.

Explanation: Your mean term is (mu_q - mu_p)^2 as in the KL to N(0, I). Against a prior of
variance sigma_p^2 the gap counts in units of that variance, (mu_q - mu_p)^2 / sigma_p^2: a
wide prior forgives a large gap, a narrow one does not.
Hint: multiply the squared gap by np.exp(-logvar_p).
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    per_dim = logvar_p - logvar_q + np.exp(logvar_q - logvar_p) + (mu_q - mu_p) ** 2 - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
