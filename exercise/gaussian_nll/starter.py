import numpy as np


def gaussian_nll(x, mu, logvar):
    """Negative log-likelihood of x under a diagonal Gaussian
    N(mu, exp(logvar)).

    Args:
        x: array of shape (N, d), the data.
        mu: array of shape (N, d), the decoder's means.
        logvar: array of shape (N, d), the decoder's log-variances.

    Returns:
        A Python float: the NLL of each example summed over its d
        features, then averaged over the N examples.
    """
    # Your code here.
    raise NotImplementedError("gaussian_nll is not written yet")
