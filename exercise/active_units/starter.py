import numpy as np


def active_units(mu, logvar, threshold=0.01):
    """Per-dimension KL to N(0, I) and the active units of a VAE's
    encoder on a dataset.

    Args:
        mu: array of shape (N, k), the encoder's means for N
            examples.
        logvar: array of shape (N, k), the encoder's log-variances.
        threshold: a dimension is active when its activity is
            strictly above this.

    Returns:
        (kl_per_dim, activity, n_active): kl_per_dim of shape (k,),
        the KL of each dimension averaged over the examples;
        activity of shape (k,), the variance over the examples of
        each dimension's mean; n_active, a Python int.
    """
    # Your code here.
    raise NotImplementedError("active_units is not written yet")
