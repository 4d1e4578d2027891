"""Probe inputs that tell the known mistakes of `fit_exponential_decay` apart: noisy data
(the log-linear fit lands elsewhere), a decay (the sign of k), A != k (the order)."""
import numpy as np


def probes():
    rng = np.random.default_rng(31)
    t = np.linspace(0.0, 4.0, 25)
    return [{"t": t, "y": 2.5 * np.exp(-0.9 * t) + rng.normal(scale=0.03, size=t.size)},
            {"t": t, "y": 4.0 * np.exp(-0.4 * t)}]
