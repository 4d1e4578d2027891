import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    """Mean over the batch of summed squared error plus the closed-form Gaussian KL."""
    x, x_recon, mu, logvar = (np.asarray(a, dtype=np.float64) for a in (x, x_recon, mu, logvar))
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + kl))
