import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    """KL( N(mu_q, diag(exp(logvar_q))) || N(mu_p,
    diag(exp(logvar_p))) ) for every row.

    Args:
        mu_q, logvar_q: arrays of shape (N, k), the posterior's
            means and log-variances.
        mu_p, logvar_p: arrays of shape (N, k) (a prior per row) or
            (k,) (one prior for all rows), the prior's means and
            log-variances.

    Returns:
        Array of shape (N,): the KL divergence of each row.
    """
    # Your code here.
    raise NotImplementedError("kl_two_gaussians is not written yet")
