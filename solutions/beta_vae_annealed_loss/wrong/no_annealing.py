"""Uses beta_max at every step, ignoring the warm-up.

Explanation: Your KL weight is beta_max from step 0: the warm-up schedule is not applied, so
the KL is at full strength when training starts, which is what annealing tries to avoid.
Hint: scale beta_max by min(1, step / warmup_steps).
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + beta_max * kl))
