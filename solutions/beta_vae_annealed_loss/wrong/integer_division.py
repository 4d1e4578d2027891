"""Uses integer division step // warmup_steps, so beta jumps from 0 to beta_max.

Explanation: Your beta is 0 for the whole warm-up and beta_max from its last step on: with
integers, step // warmup_steps is 0 until step reaches warmup_steps. The schedule must grow
linearly, so halfway through the warm-up beta is beta_max / 2.
Hint: use true division, step / warmup_steps.
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    beta = beta_max * min(1, step // warmup_steps) if warmup_steps else beta_max
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + beta * kl))
