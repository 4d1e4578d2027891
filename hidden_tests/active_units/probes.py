"""Probes and sweeps for `active_units`. The probes hold a collapsed dimension, one with a
wide posterior but fixed means, and one whose activity is exactly the threshold, so each
known mistake gives different numbers."""
import numpy as np


def probes():
    rng = np.random.default_rng(77)
    mu = np.column_stack([rng.normal(size=6), np.zeros(6), np.full(6, 0.4), 0.5 * np.array([1, -1, 1, -1, 1, -1.0])])
    logvar = np.column_stack([rng.normal(scale=0.3, size=6), np.zeros(6), np.linspace(-1, 1, 6), np.zeros(6)])
    return [
        {"mu": mu, "logvar": logvar, "threshold": 0.25},
        {"mu": rng.normal(size=(5, 3)), "logvar": rng.normal(scale=0.5, size=(5, 3)), "threshold": 0.01},
    ]


def observe(module, probe):
    kl, activity, n_active = module.active_units(np.array(probe["mu"], copy=True), np.array(probe["logvar"], copy=True),
                                                 threshold=probe["threshold"])
    return {"kl_per_dim": np.asarray(kl, dtype=float), "activity": np.asarray(activity, dtype=float),
            "n_active": int(n_active)}


def spread_batch(s):
    """Eight examples of three dimensions: 0 active (means from N(0, 1)), 1 collapsed, and 2
    with means +-s, whose activity is exactly s^2."""
    rng = np.random.default_rng(3)
    mu = np.column_stack([rng.normal(size=8), np.zeros(8), s * np.array([1, -1] * 4, dtype=float)])
    logvar = np.column_stack([np.full(8, -1.0), np.zeros(8), np.full(8, -0.5)])
    return mu, logvar


def call(module, s, pick):
    mu, logvar = spread_batch(s)
    return pick(module.active_units(mu, logvar, threshold=0.25))


def sweeps():
    """As dimension 2's means spread to +-s: its activity s^2 (a parabola), the active units
    with threshold 0.25 (a step from 1 to 2 just after s = 0.5, where s^2 equals the
    threshold) and its average KL, (s^2 + e^-0.5 - 1 + 0.5) / 2."""
    xs = [round(0.02 * i, 2) for i in range(41)]
    return [
        {"name": "activity", "title": "Activity of dimension 2 as its means spread to +-s", "x_label": "s",
         "y_label": "activity", "xs": xs, "call": lambda module, s: call(module, s, lambda r: float(np.asarray(r[1])[2]))},
        {"name": "n_active", "title": "Active units (threshold 0.25) as dimension 2's means spread", "x_label": "s",
         "y_label": "active units", "xs": xs, "call": lambda module, s: call(module, s, lambda r: float(r[2]))},
        {"name": "kl", "title": "Average KL of dimension 2 as its means spread", "x_label": "s",
         "y_label": "KL (nats)", "xs": xs, "call": lambda module, s: call(module, s, lambda r: float(np.asarray(r[0])[2]))},
    ]
