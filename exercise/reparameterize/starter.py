import numpy as np


def reparameterize(mu, logvar, eps):
    """Latent codes z = mu + sigma * eps, sigma = exp(logvar / 2).

    Args:
        mu: array of shape (N, k), latent means.
        logvar: array of shape (N, k), latent log-variances.
        eps: array of shape (N, k), standard-normal noise.

    Returns:
        Array of shape (N, k).
    """
    # Your code here.
    raise NotImplementedError("reparameterize is not written yet")
