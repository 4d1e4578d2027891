"""Lets beta keep growing past beta_max after the warm-up.

Explanation: Your KL weight keeps increasing after warm-up: at twice warmup_steps it is twice
beta_max. The ramp must stop at beta_max.
Hint: beta = beta_max * min(1, step / warmup_steps).
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    beta = beta_max * (step / warmup_steps) if warmup_steps else beta_max
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + beta * kl))
