"""Subtracts x_recon from x in place, changing the caller's array.

Explanation: Your loss is right, but after the call the caller's `x` holds x - x_recon:
`diff = x` does not copy the array, so `diff -= x_recon` overwrites the inputs. The training
loop that called you then feeds the wrong data to the next step.
Hint: write diff = x - x_recon (a new array), never an in-place -= on an input.
"""
import numpy as np


def vae_elbo_loss(x, x_recon, mu, logvar):
    diff = x
    diff -= x_recon
    recon = np.sum(diff**2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + kl))
