"""Probe inputs for naming a learner's mistake: small, seeded, and chosen so that the
reference and every known-wrong solution give different outputs."""
import numpy as np


def probes():
    rng = np.random.default_rng(2024)
    batches = []
    for n, d, k in ((3, 4, 2), (2, 3, 3), (1, 2, 2)):
        batches.append({
            "x": rng.normal(size=(n, d)),
            "x_recon": rng.normal(size=(n, d)),
            "mu": rng.normal(size=(n, k)),
            "logvar": rng.normal(scale=0.7, size=(n, k)),
        })
    return batches
