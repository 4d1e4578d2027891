"""Counts steps from 1: uses (step + 1) / warmup_steps.

Explanation: Your KL weight is already above 0 at step 0 and reaches beta_max one step early:
the ramp is shifted by one step.
Hint: at step 0, beta must be exactly 0: use step / warmup_steps.
"""
import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    beta = beta_max * min(1.0, (step + 1) / warmup_steps) if warmup_steps else beta_max
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + beta * kl))
