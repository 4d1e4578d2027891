"""Probe inputs that tell the known mistakes of `gaussian_nll` apart: batches of different
sizes (sum versus mean over the batch), several features (sum versus mean over features),
and log-variances away from 0 (where exp(logvar), logvar, sigma and sigma^2 all differ).
Log-variances keep |logvar| >= 0.3 so that dividing by logvar itself stays finite."""
import numpy as np


def probes():
    rng = np.random.default_rng(314)
    cases = []
    for n, d in ((3, 4), (2, 5), (1, 2)):
        sign = rng.choice([-1.0, 1.0], size=(n, d))
        cases.append({
            "x": rng.normal(size=(n, d)),
            "mu": rng.normal(size=(n, d)),
            "logvar": sign * rng.uniform(0.3, 1.5, size=(n, d)),
        })
    return cases
