import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    """Return the negative ELBO of a VAE, averaged over the batch.

    Args:
        x: array of shape (N, d), the inputs.
        x_recon: array of shape (N, d), the decoder's
            reconstructions.
        mu: array of shape (N, k), the encoder's latent means.
        logvar: array of shape (N, k), the encoder's latent
            log-variances.

    Returns:
        A Python float: mean over the batch of (summed squared error
        + KL).
    """
    # Your code here.
    raise NotImplementedError("vae_elbo_loss is not written yet")
