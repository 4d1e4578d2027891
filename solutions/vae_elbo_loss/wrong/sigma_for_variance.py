"""Uses the standard deviation sigma where the variance sigma^2 belongs.

Explanation: Your KL uses exp(logvar / 2), the standard deviation, where the formula
needs the variance exp(logvar). The two agree only when sigma = 1.
Hint: sigma^2 = exp(logvar); the square root is only needed when sampling z.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(0.5 * logvar), axis=1)
    return float(np.mean(recon + kl))
