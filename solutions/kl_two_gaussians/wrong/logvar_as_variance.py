"""Uses the log-variances as if they were variances.

Explanation: Your KL takes logvar_q and logvar_p for sigma^2 itself: it divides by
logvar_p and takes its logarithm, so a log-variance of 0 (variance 1) divides by zero and a
negative one gives the log of a negative number. They are logarithms: sigma^2 = exp(logvar).
Hint: log(sigma_p^2 / sigma_q^2) is logvar_p - logvar_q, and sigma_q^2 / sigma_p^2 is np.exp(logvar_q - logvar_p).
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, var_q, mu_p, var_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_dim = np.log(var_p / var_q) + (var_q + (mu_q - mu_p) ** 2) / var_p - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
