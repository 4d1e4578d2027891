import numpy as np

EPS = 1e-7


def bernoulli_elbo_loss(x, x_recon, mu, logvar):
    """Clipped binary cross-entropy summed over pixels plus the Gaussian KL, batch mean."""
    x = np.asarray(x, dtype=np.float64)
    p = np.clip(np.asarray(x_recon, dtype=np.float64), EPS, 1.0 - EPS)
    mu, logvar = np.asarray(mu, dtype=np.float64), np.asarray(logvar, dtype=np.float64)
    recon = -np.sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p), axis=1)
    kl = -0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + kl))
