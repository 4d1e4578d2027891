"""Probe inputs that tell the known mistakes of `kl_diag_gaussian` apart."""
import numpy as np


def probes():
    rng = np.random.default_rng(11)
    return [{"mu": rng.normal(size=(n, k)), "logvar": rng.normal(scale=0.7, size=(n, k))} for n, k in ((3, 4), (2, 2))]


def sweeps():
    """KL against the mean (the other latent dimension at the prior) and against the
    log-variance: a parabola with its minimum 0 at mu = 0, and the curve
    (e^lv - 1 - lv) / 2 with its minimum 0 at logvar = 0."""
    xs = [round(-3.0 + 0.15 * i, 2) for i in range(41)]
    return [
        {"name": "mu", "title": "KL as the mean moves away from 0 (logvar = 0)", "x_label": "mu",
         "y_label": "KL", "xs": xs,
         "call": lambda module, x: float(module.kl_diag_gaussian(np.array([[x, 0.0]]), np.zeros((1, 2)))[0])},
        {"name": "logvar", "title": "KL as the log-variance moves away from 0 (mu = 0)", "x_label": "logvar",
         "y_label": "KL", "xs": xs,
         "call": lambda module, x: float(module.kl_diag_gaussian(np.zeros((1, 2)), np.array([[x, 0.0]]))[0])},
    ]
