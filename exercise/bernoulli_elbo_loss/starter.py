import numpy as np

EPS = 1e-7


def bernoulli_elbo_loss(x, x_recon, mu, logvar):
    """Negative ELBO with a Bernoulli decoder, averaged over the
    batch.

    Args:
        x: array of shape (N, d), binary targets in [0, 1].
        x_recon: array of shape (N, d), predicted probabilities (may
            be exactly 0 or 1).
        mu: array of shape (N, k), latent means.
        logvar: array of shape (N, k), latent log-variances.

    Returns:
        A Python float: mean over the batch of (binary cross-entropy
        + KL).
    """
    # Your code here.
    raise NotImplementedError("not written yet")
