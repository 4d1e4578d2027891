"""Probe inputs that tell the known mistakes of `bernoulli_elbo_loss` apart; the first one
has exact 0 and 1 probabilities, where an unclipped log fails."""
import numpy as np


def probes():
    rng = np.random.default_rng(31)
    batches = []
    for n, d, k in ((2, 4, 2), (3, 3, 2)):
        batches.append({"x": (rng.random((n, d)) < 0.5).astype(float), "x_recon": rng.random((n, d)),
                        "mu": rng.normal(size=(n, k)), "logvar": rng.normal(scale=0.5, size=(n, k))})
    batches[0]["x_recon"][0, :2] = [0.0, 1.0]
    batches[0]["x"][0, :2] = [1.0, 0.0]
    return batches
