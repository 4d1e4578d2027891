"""Averages the squared error over features instead of summing it (like Keras' `mse`).

Explanation: Your reconstruction term is divided by the number of features: it looks like
you took the mean squared error per example. The ELBO's Gaussian log-likelihood sums
over features, so the error of a 784-pixel image is 784 times larger than its MSE.
Hint: use np.sum(..., axis=1) for the reconstruction, then average over the batch.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    recon = np.mean((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + kl))
