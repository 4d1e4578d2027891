"""Returns the ELBO itself instead of its negative.

Explanation: Your value is the right size with the wrong sign: it falls as the reconstruction
gets worse and as the posterior moves away from the prior. That is the ELBO, the bound to
maximise. A loss is minimised, so the function returns minus the ELBO: reconstruction error
plus KL, both of them >= 0.
Hint: return float(np.mean(recon + kl)) with recon the summed squared error and kl >= 0.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    elbo = -recon - kl
    return float(np.mean(elbo))
