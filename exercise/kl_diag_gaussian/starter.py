import numpy as np


def kl_diag_gaussian(mu, logvar):
    """KL( N(mu, diag(exp(logvar))) || N(0, I) ) for every row.

    Args:
        mu: array of shape (N, k), latent means.
        logvar: array of shape (N, k), latent log-variances.

    Returns:
        Array of shape (N,): the KL divergence of each row.
    """
    # Your code here.
    raise NotImplementedError("kl_diag_gaussian is not written yet")
