"""Guards the division with max(warmup_steps, 1), which still ramps when there is no warm-up.

Explanation: Your loss is right during and after a warm-up, but with warmup_steps = 0 your
beta is 0 at step 0 instead of beta_max: dividing by max(warmup_steps, 1) avoids the
ZeroDivisionError but turns "no warm-up" into a one-step warm-up. warmup_steps = 0 means the
KL has its full weight from the very first step.
Hint: if warmup_steps == 0, beta = beta_max; otherwise beta_max * min(1, step / warmup_steps).
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    beta = beta_max * min(1.0, step / max(warmup_steps, 1))
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + beta * kl))
