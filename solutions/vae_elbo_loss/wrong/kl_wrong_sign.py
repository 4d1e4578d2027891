"""Subtracts the KL term instead of adding it.

Explanation: Your loss goes down when the posterior moves away from the prior: the KL
enters with the wrong sign. The ELBO subtracts the KL, so the loss (minus the ELBO) adds it.
Hint: check the leading -1/2 of the KL, and return recon + kl.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon - kl))
