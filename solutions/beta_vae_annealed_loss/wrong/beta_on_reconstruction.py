"""Multiplies the reconstruction term by beta instead of the KL.

Explanation: Your beta weights the wrong term: at step 0 your loss is the KL alone, when it
should be the reconstruction alone. beta is the weight of the KL.
Hint: loss = recon + beta * kl.
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    beta = beta_max * min(1.0, step / warmup_steps) if warmup_steps else beta_max
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(beta * recon + kl))
