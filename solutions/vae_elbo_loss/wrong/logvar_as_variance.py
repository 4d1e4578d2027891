"""Uses logvar as the variance, without exp.

Explanation: Your KL treats `logvar` as if it were the variance itself. It is the
logarithm of the variance: sigma^2 = exp(logvar), and log sigma^2 is logvar itself.
Hint: in the KL, the last term is np.exp(logvar), not logvar.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - logvar, axis=1)
    return float(np.mean(recon + kl))
